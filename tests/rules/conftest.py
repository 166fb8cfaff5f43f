import pytest

from copydesk import resources
from copydesk.catalog import load_catalog
from copydesk.rules.engine import RuleEngine


@pytest.fixture(scope="session")
def engine():
    """The bundled packs, compiled once (as batch mode and the GUI do)."""
    return RuleEngine.load()


@pytest.fixture(scope="session")
def catalog():
    return load_catalog(resources.sample_catalog_path())


@pytest.fixture
def check(engine, catalog):
    """check(text, product_id, channel='email') -> Report."""

    def run(text, product_id, channel="email"):
        return engine.check(text, catalog.product(product_id), channel)

    return run


def categories(report):
    return {f.category for f in report.findings}
