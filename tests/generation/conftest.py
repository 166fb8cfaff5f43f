import pytest

from copydesk import resources
from copydesk.catalog import load_catalog
from copydesk.generation.fake_backend import FakeBackend
from copydesk.generation.pipeline import DraftPipeline
from copydesk.rules.engine import RuleEngine


@pytest.fixture(scope="session")
def engine():
    return RuleEngine.load()


@pytest.fixture(scope="session")
def catalog():
    return load_catalog(resources.sample_catalog_path())


@pytest.fixture
def fake_backend():
    """A model stand-in with queued answers (set `.answers` in the test)."""
    return FakeBackend()


@pytest.fixture
def pipeline(catalog, engine, fake_backend):
    return DraftPipeline(catalog, engine, fake_backend, model_languages=("en", "zh"))
