"""Settings changes and who may make them (copydesk/app/settings_changes.py), the same for the
window and the CLI: only an admin installs a catalog or changes the model; anyone picks their
interface language."""

from __future__ import annotations

import pytest

from copydesk import config
from copydesk.app import settings_changes
from copydesk.app.settings_changes import AdminOnly, Change
from copydesk.cli import main
from copydesk.store.db import Store
from copydesk.workflow import NotAllowed, Workflow
from tests.conftest import MINIMAL_CATALOG


@pytest.fixture
def db_path(staffed_library):
    return staffed_library


@pytest.fixture
def acting(db_path, catalog, engine):
    """acting("alice") -> a Workflow acting as alice on the test database."""
    stores = []

    def make(login: str) -> Workflow:
        stores.append(Store.open(db_path))
        return Workflow(stores[-1], catalog, engine, login)

    yield make
    for store in stores:
        store.close()


def test_an_admin_may_and_a_marketer_is_told_whom_to_ask(acting):
    assert settings_changes.permission(acting("admin"), Change.MODEL).allowed
    refused = settings_changes.permission(acting("alice"), Change.CATALOG)
    assert not refused.allowed and refused.admins == ("Ada Admin",)
    with pytest.raises(AdminOnly) as raised:
        settings_changes.require(acting("alice"), Change.MODEL)
    assert str(raised.value) == "Only an admin can change the model — ask Ada Admin"
    assert isinstance(raised.value, NotAllowed)  # the CLI's exit status 1, like every refusal


def test_someone_who_is_not_a_user_and_no_database_are_refused(acting):
    assert not settings_changes.permission(acting("stranger"), Change.ADAPTER).allowed
    assert not settings_changes.permission(None, Change.MODEL).allowed
    with pytest.raises(AdminOnly, match="ask your copydesk admin"):
        settings_changes.require(None, Change.MODEL)


def test_a_marketer_cannot_change_the_model_folder_or_adapter(acting, tmp_path):
    config.save_settings(config.Settings(extra={"window": {"page": "admin"}}))
    alice = acting("alice")
    for change in (lambda: settings_changes.change_model(alice, "template"),
                   lambda: settings_changes.change_model_folder(alice, tmp_path / "nowhere"),  # refused before the folder is looked at
                   lambda: settings_changes.change_adapter(alice, "none")):
        with pytest.raises(AdminOnly):
            change()
    assert config.load_settings().to_dict() == config.Settings(extra={"window": {"page": "admin"}}).to_dict()


def test_an_admin_changes_the_model_and_other_keys_survive(acting):
    config.save_settings(config.Settings(extra={"ui_language": "zh_CN", "future_key": 3}))
    saved = settings_changes.change_model(acting("admin"), "template")
    assert saved.model == "template"
    settings = config.load_settings()
    assert (settings.model, settings.extra) == ("template", {"ui_language": "zh_CN", "future_key": 3})
    assert settings_changes.change_adapter(acting("admin"), "none").adapter == "none"


def test_anyone_picks_their_interface_language():
    assert settings_changes.change_ui_language("zh_CN").extra["ui_language"] == "zh_CN"
    assert config.load_settings().extra["ui_language"] == "zh_CN"
    with pytest.raises(ValueError, match="unknown interface language"):
        settings_changes.change_ui_language("fr")


def test_a_marketer_cannot_install_a_catalog(acting, write_catalog):
    with pytest.raises(AdminOnly, match="Only an admin can import a catalog — ask Ada Admin"):
        settings_changes.install_catalog(acting("alice"), write_catalog(MINIMAL_CATALOG))
    assert not (config.config_dir() / "catalog.json").exists()
    assert config.load_settings().catalog is None


def test_a_marketer_cannot_start_learning(acting, monkeypatch):
    monkeypatch.setattr("copydesk.generation.learning.learn_from_library",
                        lambda *a, **k: pytest.fail("training started for a marketer"))
    with pytest.raises(AdminOnly, match="learn from approved copy"):
        settings_changes.learn_adapter(acting("alice"))


def test_a_settings_file_that_cannot_be_written_is_named(monkeypatch):
    def refuse(settings, path=None):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(config, "save_settings", refuse)
    with pytest.raises(settings_changes.SettingsNotSaved, match="settings.json: Permission denied"):
        settings_changes.update_settings(model="template")


# --- the CLI refuses as the window does ----------------------------------------------------

def fake_learning(store, catalog, out, progress=None, cancel=None, **kwargs):
    out.mkdir(parents=True, exist_ok=True)
    return {"held_back_loss_before": 2.0, "held_back_loss_after": 1.5, "library_examples": 12, "library_skipped": 0}


def test_the_cli_refuses_a_marketer_with_the_windows_message(db_path, monkeypatch, capsys):
    monkeypatch.setattr("copydesk.generation.learning.learn_from_library",
                        lambda *a, **k: pytest.fail("training started for a marketer"))
    code = main(["model", "train", "--from-library", "--use", "--db", str(db_path), "--user", "alice"])
    assert code == 1  # as every NotAllowed refusal
    assert "copydesk: not done: Only an admin can learn from approved copy — ask Ada Admin" in capsys.readouterr().err
    assert config.load_settings().adapter == "house"


def test_the_cli_lets_an_admin_train_and_use_the_adapter(db_path, monkeypatch, capsys):
    monkeypatch.setattr("copydesk.generation.learning.learn_from_library", fake_learning)
    assert main(["model", "train", "--from-library", "--use", "--db", str(db_path), "--user", "admin", "--json"]) == 0
    out = capsys.readouterr().out
    adapter = config.load_settings().adapter
    assert adapter.startswith("learned-") and adapter in out


def test_the_cli_catalog_import_refuses_a_marketer_with_the_windows_message(db_path, capsys):
    from copydesk import resources

    code = main(["catalog", "import", str(resources.sample_catalog_path()), "--db", str(db_path), "--user", "alice"])
    assert code == 1
    assert "copydesk: not done: Only an admin can import a catalog — ask Ada Admin" in capsys.readouterr().err
    assert config.load_settings().catalog is None
    assert main(["catalog", "import", str(resources.sample_catalog_path()), "--db", str(db_path), "--user", "admin"]) == 0
    assert config.load_settings().catalog.endswith("catalog.json")
