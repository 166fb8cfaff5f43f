"""Shared fixtures: every test runs with its own COPYDESK_HOME, never the real user folders."""

from __future__ import annotations

import json

import pytest

from copydesk import resources
from copydesk.catalog import load_catalog
from tests.pg_server import PgServer, find_binaries

MINIMAL_CATALOG = {
    "products": [
        {
            "id": "rewards-card",
            "name": "Everyday Rewards Card",
            "kind": "credit_card",
            "lang": "en",
            "facts": {"points": "2 points per $1", "annual_fee": "$0", "purchase_apr": "21.9% APR variable"},
            "disclosures": ["Representative 21.9% APR (variable). Subject to credit approval."],
        }
    ],
    "segments": [
        {"id": "new-graduates", "name": "New graduates", "description": "22-26, first job, mobile-first", "lang": "en"}
    ],
}


@pytest.fixture(autouse=True)
def copydesk_home(tmp_path, monkeypatch):
    """Point copydesk's user folders at a fresh temporary directory."""
    home = tmp_path / "copydesk-home"
    monkeypatch.setenv("COPYDESK_HOME", str(home))
    # Tests act as alice, bob and admin on one OS account; copydesk allows --user only so.
    monkeypatch.setenv("COPYDESK_ALLOW_USER_OVERRIDE", "1")
    # The lean decoder is compared with transformers in fp32, so tests decode in fp32 on any
    # CPU; the bfloat16 path has tests of its own (test_precision.py, test_real_gemma.py), and
    # the session's real model (real_backend, set up before this) runs as the PC would choose.
    monkeypatch.setenv("COPYDESK_PRECISION", "fp32")
    return home


@pytest.fixture
def staffed_library(tmp_path, catalog, engine):
    """A SQLite library with an admin (Ada Admin), a marketer (alice, 王芳) and a reviewer (bob)."""
    from copydesk.store.db import Store
    from copydesk.workflow import Workflow

    path = tmp_path / "copydesk.db"
    with Store.open(path) as store:
        admin = Workflow(store, catalog, engine, "admin")
        admin.add_user("admin", ["admin"], "Ada Admin")
        admin.add_user("alice", ["marketer"], "王芳")
        admin.add_user("bob", ["reviewer"])
    return path


@pytest.fixture
def write_catalog(tmp_path):
    """Write a catalog (dict, or raw text/bytes) to a file and return its path."""

    def write(content, name="catalog.json"):
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_text(json.dumps(content, ensure_ascii=False, indent=2), encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def engine():
    """The bundled rule packs, compiled once (as batch mode and the GUI do)."""
    from copydesk.rules.engine import RuleEngine

    return RuleEngine.load()


@pytest.fixture(scope="session")
def catalog():
    """The bundled sample catalog."""
    return load_catalog(resources.sample_catalog_path())


@pytest.fixture(scope="session")
def model_home(tmp_path_factory):
    """One COPYDESK_HOME for the real model's safetensors cache, shared by the whole session
    (converting the GGUF takes ~40 s; doing it once is enough to test it)."""
    return tmp_path_factory.mktemp("model-home")


@pytest.fixture(scope="session")
def real_backend(model_home):
    """The bundled default model (Gemma 3 270M with the house adapter merged), loaded once for
    the session's end-to-end tests."""
    from copydesk.generation.factory import make_backend

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COPYDESK_HOME", str(model_home))
        backend, _languages = make_backend("default")
        backend.load()
    return backend


TEAM = ("admin", "alice", "bob", "carol")


@pytest.fixture(scope="session")
def pg_server():
    binaries = find_binaries()
    if binaries is None:
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) not found: the team-library tests need the distribution's "
                    "postgresql package, which scripts/ensure-system-libs.sh installs")
    server = PgServer(binaries).start()
    for login in (*TEAM, "dana", "eve", "mallory", "it-desk", "puppet", "ada"):
        server.login(login)
    yield server
    server.stop()


@pytest.fixture
def zone(monkeypatch):
    """Run in a named time zone (TZ), restoring the process's zone afterwards."""
    import time

    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is not available on this platform")

    def use(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield use
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def shanghai(zone):
    """Where the reader is, for local-time tests: UTC+8 all year."""
    zone("Asia/Shanghai")
