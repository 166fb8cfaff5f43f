import pytest


@pytest.fixture
def check(engine, catalog):
    """check(text, product_id, channel='email') -> Report."""

    def run(text, product_id, channel="email"):
        return engine.check(text, catalog.product(product_id), channel)

    return run


def categories(report):
    return {f.category for f in report.findings}
