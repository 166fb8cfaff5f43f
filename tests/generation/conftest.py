import pytest

from copydesk.generation.fake_backend import FakeBackend
from copydesk.generation.pipeline import DraftPipeline


@pytest.fixture
def fake_backend():
    """A model stand-in with queued answers (set `.answers` in the test)."""
    return FakeBackend()


@pytest.fixture
def pipeline(catalog, engine, fake_backend):
    return DraftPipeline(catalog, engine, fake_backend, model_languages=("en", "zh"))
