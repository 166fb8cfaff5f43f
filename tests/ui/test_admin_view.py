"""The Admin view on a real database file: catalog import, rule examples, users, model, paths."""

from __future__ import annotations

import hashlib
import json

import pytest
from PySide6.QtCore import Qt

from copydesk import config
from copydesk.store import repository
from copydesk.store.db import Store
from copydesk.ui.admin import AdminView
from copydesk.ui.services import AppServices
from copydesk.workflow import Workflow
from tests.conftest import MINIMAL_CATALOG
from tests.ui.conftest import controls_without_names_or_tips


@pytest.fixture
def db_path(staffed_library):
    return staffed_library


@pytest.fixture
def make_view(qtbot, db_path, catalog, engine):
    made = []

    def make(user: str = "admin") -> AdminView:
        services = AppServices.create(user, catalog, engine, db_path, settings=config.load_settings())
        made.append(services)
        view = AdminView(services)
        qtbot.addWidget(view)
        return view

    yield make
    for services in made:
        services.close()


def list_texts(widget) -> list[str]:
    return [widget.item(i).text() for i in range(widget.count())]


def table_column(table, column: int) -> list[str]:
    return [table.item(row, column).text() for row in range(table.rowCount())]


def test_main_controls_carry_automation_names(make_view):
    view = make_view()
    for name in ("importCatalogButton", "catalogProblems", "runExamplesButton", "usersTable", "addUserButton",
                 "modelSetting", "verifyModelButton", "uiLanguagePicker", "packsTable", "chooseModelFolderButton"):
        widget = view.findChild(object, name)
        assert widget is not None, name
        assert widget.accessibleName() == name


# --- catalog -------------------------------------------------------------------------------

def test_a_bad_catalog_lists_every_problem_with_its_json_path_and_keeps_the_current_one(qtbot, make_view, write_catalog, catalog):
    view = make_view()
    bad = json.loads(json.dumps(MINIMAL_CATALOG))
    bad["products"][0]["kind"] = "crypto"
    del bad["segments"][0]["lang"]
    path = write_catalog(bad, "bad.json")
    with qtbot.assertNotEmitted(view.catalog_changed):
        assert view.import_catalog(path) is False
    problems = list_texts(view.catalog_tab.catalog_problems)
    assert len(problems) == 2
    assert any(p.startswith("products[0].kind:") and "crypto" in p for p in problems)
    assert any(p.startswith("segments[0].lang: missing") for p in problems)
    assert not view.catalog_tab.catalog_problems.isHidden()
    assert str(path) in view.catalog_tab.catalog_banner.text() and "2 problems" in view.catalog_tab.catalog_banner.text()
    assert view.services.catalog is catalog
    assert view.catalog_tab.catalog_path.text() == catalog.source
    assert not (config.config_dir() / "catalog.json").exists()
    assert config.load_settings().catalog is None


def test_unreadable_json_is_reported_with_its_line(make_view, write_catalog):
    view = make_view()
    assert view.import_catalog(write_catalog('{"products": [', "broken.json")) is False
    assert "line 1" in list_texts(view.catalog_tab.catalog_problems)[0]


def test_a_good_catalog_is_copied_saved_and_announced(qtbot, make_view, write_catalog):
    view = make_view()
    path = write_catalog(MINIMAL_CATALOG, "new.json")
    with qtbot.waitSignal(view.catalog_changed) as blocker:
        assert view.import_catalog(path) is True
    new = blocker.args[0]
    target = config.config_dir() / "catalog.json"
    assert [p.id for p in new.products] == ["rewards-card"]
    assert new.source == str(target) and target.read_bytes() == path.read_bytes()
    assert config.load_settings().catalog == str(target)
    assert view.services.catalog is new
    assert view.catalog_tab.catalog_path.text() == str(target)
    assert "1 products" in view.catalog_tab.catalog_counts.text()
    assert view.catalog_tab.catalog_problems.isHidden()
    # a bad import afterwards keeps the imported one
    assert view.import_catalog(write_catalog({"products": []}, "worse.json")) is False
    assert view.services.catalog is new and target.read_bytes() == path.read_bytes()


def test_importing_keeps_other_settings(qtbot, make_view, write_catalog):
    config.save_settings(config.Settings(model="template", extra={"ui_language": "zh_CN", "future_key": 3}))
    view = make_view()
    assert view.import_catalog(write_catalog(MINIMAL_CATALOG)) is True
    settings = config.load_settings()
    assert (settings.model, settings.extra) == ("template", {"ui_language": "zh_CN", "future_key": 3})


# --- rule packs ----------------------------------------------------------------------------

def test_packs_are_listed(make_view, engine):
    view = make_view()
    assert table_column(view.rules_tab.packs_table, 0) == [p.id for p in engine.rule_set.packs]
    assert table_column(view.rules_tab.packs_table, 2) == [str(len(p.all_rules)) for p in engine.rule_set.packs]
    assert view.rules_tab.pack_errors.isHidden()


def test_run_examples_reports_no_failures_for_the_bundled_packs(qtbot, make_view):
    view = make_view()
    with qtbot.waitSignal(view.examples_finished, timeout=60_000) as blocker:
        qtbot.mouseClick(view.rules_tab.run_examples_button, Qt.MouseButton.LeftButton)
    count, failures = blocker.args
    assert count > 0 and failures == []
    assert "0 failures" in view.rules_tab.examples_result.text() and str(count) in view.rules_tab.examples_result.text()
    assert view.rules_tab.examples_failures.isHidden()
    assert view.rules_tab.run_examples_button.isEnabled()


def test_house_rules_folder_is_shown(make_view):
    view = make_view()
    folder = view.show_house_rules_folder()
    assert folder == config.house_rules_dir() and folder.is_dir()
    assert view.rules_tab.house_rules_path.text() == str(folder) and not view.rules_tab.house_rules_path.isHidden()


# --- users ---------------------------------------------------------------------------------

def test_an_admin_adds_a_user_from_the_form(qtbot, make_view, db_path):
    view = make_view("admin")
    assert not view.users_tab.user_form.isHidden()
    view.users_tab.user_login.setText("Dave")
    view.users_tab.user_name.setText("Dave Reviewer")
    view.users_tab.role_boxes["reviewer"].setChecked(True)
    qtbot.mouseClick(view.users_tab.add_user_button, Qt.MouseButton.LeftButton)
    assert "dave" in table_column(view.users_tab.users_table, 0)
    assert "Saved dave (reviewer)" in view.users_tab.users_banner.text()
    with Store.open(db_path) as store:
        user = repository.get_user(store, "dave")
    assert user.roles == ("reviewer",) and user.name == "Dave Reviewer" and user.created_by == "admin"


def test_an_admin_deactivates_the_selected_user(qtbot, make_view):
    view = make_view("admin")
    view.users_tab.users_table.selectRow(table_column(view.users_tab.users_table, 0).index("bob"))
    assert view.users_tab.user_login.text() == "bob" and view.users_tab.role_boxes["reviewer"].isChecked()
    qtbot.mouseClick(view.users_tab.deactivate_button, Qt.MouseButton.LeftButton)
    row = table_column(view.users_tab.users_table, 0).index("bob")
    assert view.users_tab.users_table.item(row, 3).text() == "Deactivated"
    assert not repository.get_user(view.services.store, "bob").active


def test_a_marketer_sees_the_list_read_only_and_is_refused(make_view):
    view = make_view("alice")
    assert view.users_tab.user_form.isHidden()
    assert "Only an admin" in view.users_tab.users_note.text()
    assert set(table_column(view.users_tab.users_table, 0)) == {"admin", "alice", "bob"}
    assert "王芳" in table_column(view.users_tab.users_table, 1)
    assert view.add_user("eve", ["marketer"]) is False
    assert not view.users_tab.users_banner.isHidden()
    assert "alice (marketer) may not manage users" in view.users_tab.users_banner.text()
    assert "eve" not in table_column(view.users_tab.users_table, 0)
    assert view.set_user_active("bob", False) is False
    assert "may not manage users" in view.users_tab.users_banner.text()


def test_an_unknown_role_is_explained(make_view):
    view = make_view("admin")
    assert view.add_user("eve", []) is False
    assert "choose from: marketer, reviewer, admin" in view.users_tab.users_banner.text()


# --- model ---------------------------------------------------------------------------------

def test_a_broken_model_folder_gets_a_clear_message_and_the_setting_stays(qtbot, make_view, tmp_path):
    folder = tmp_path / "pickled-model"
    folder.mkdir()
    (folder / "config.json").write_text("{}", encoding="utf-8")
    (folder / "pytorch_model.bin").write_bytes(b"\x80\x04")
    view = make_view()
    with qtbot.assertNotEmitted(view.model_changed):
        assert view.set_model_folder(folder) is False
    message = view.model_tab.model_banner.text()
    assert str(folder) in message and "pickle" in message and "setting is unchanged" in message
    assert config.load_settings().model == "default"
    assert view.set_model_folder(tmp_path / "nowhere") is False
    assert "no such model folder" in view.model_tab.model_banner.text()


def test_a_model_that_cannot_load_shows_the_template_fallback(qtbot, db_path, catalog, engine, tmp_path):
    services = AppServices.create("admin", catalog, engine, db_path, settings=config.Settings(model=str(tmp_path / "gone")))
    view = AdminView(services)
    qtbot.addWidget(view)
    assert not view.model_tab.model_notice.isHidden()
    assert "copy templates" in view.model_tab.model_notice.text() and str(tmp_path / "gone") in view.model_tab.model_notice.text()
    services.close()


def fake_model_folder(tmp_path):
    folder = tmp_path / "tiny-model"
    folder.mkdir()
    (folder / "config.json").write_text("{}", encoding="utf-8")
    (folder / "model.safetensors").write_bytes(b"weights")
    return folder


def test_choosing_a_valid_folder_saves_it_and_verify_shows_hashes(qtbot, make_view, tmp_path):
    folder = fake_model_folder(tmp_path)
    view = make_view()
    with qtbot.waitSignal(view.model_changed) as changed:
        assert view.set_model_folder(folder) is True
    assert changed.args == [str(folder)]
    assert config.load_settings().model == str(folder)
    assert str(folder) in view.model_tab.model_setting.text() and view.model_tab.model_notice.isHidden()
    with qtbot.waitSignal(view.model_verified, timeout=10_000) as verified:
        qtbot.mouseClick(view.model_tab.verify_button, Qt.MouseButton.LeftButton)
    digest = hashlib.sha256(b"weights").hexdigest()
    assert verified.args[0]["sha256"] == {"model.safetensors": digest}
    shown = table_column(view.model_tab.model_details, 1)
    assert digest in shown and "7 bytes" in shown and not view.model_tab.model_details.isHidden()
    # "{}" is no Llama config: IT sees that this folder would run through transformers.
    assert verified.args[0]["runtime"] == "transformers" and "transformers" in shown
    assert "Runtime" in table_column(view.model_tab.model_details, 0)


def test_templates_only_and_back_to_default(qtbot, make_view):
    view = make_view()
    with qtbot.waitSignal(view.model_changed) as changed:
        qtbot.mouseClick(view.model_tab.template_button, Qt.MouseButton.LeftButton)
    assert changed.args == ["template"] and config.load_settings().model == "template"
    assert "templates" in view.model_tab.model_setting.text()
    with qtbot.waitSignal(view.model_changed):
        qtbot.mouseClick(view.model_tab.default_model_button, Qt.MouseButton.LeftButton)
    assert config.load_settings().model == "default"


# --- paths and language --------------------------------------------------------------------

def test_paths_are_shown(make_view, db_path):
    view = make_view()
    assert view.paths_tab.path_fields["databasePath"].text() == str(db_path)
    assert view.paths_tab.path_fields["dataDirPath"].text() == str(config.data_dir())
    assert view.paths_tab.path_fields["logDirPath"].text() == str(config.log_dir())


def test_choosing_the_interface_language_saves_and_announces_it(qtbot, make_view):
    view = make_view()
    picker = view.paths_tab.language_picker
    assert [picker.itemText(i) for i in range(picker.count())] == ["English", "简体中文"]
    with qtbot.waitSignal(view.language_changed) as changed:
        picker.setCurrentIndex(picker.findData("zh_CN"))
    assert changed.args == ["zh_CN"]
    assert config.load_settings().extra["ui_language"] == "zh_CN"
    assert not view.paths_tab.language_note.isHidden()
    assert make_view().paths_tab.language_picker.currentData() == "zh_CN"


def test_a_role_change_waits_for_the_second_admin_and_is_confirmed_there(make_view):
    ada = make_view("admin")
    assert ada.add_user("dana", ["admin"])  # the only admin adds a second: at once
    dana = make_view("dana")
    assert dana.add_user("mallory", ["reviewer"])
    assert "another admin must confirm" in dana.users_tab.users_banner.text()
    assert repository.get_user(dana.services.store, "mallory") is None
    dana.users_tab.requests_list.setCurrentRow(0)
    assert not dana.decide_role_request(True)  # not her own request
    assert "another admin must confirm" in dana.users_tab.users_banner.text()
    ada.show_users()
    assert not ada.users_tab.requests_box.isHidden() and list_texts(ada.users_tab.requests_list) == ["mallory as reviewer, asked by dana"]
    ada.users_tab.requests_list.setCurrentRow(0)
    ada.findChild(object, "confirmRoleRequest").click()
    assert repository.get_user(ada.services.store, "mallory").roles == ("reviewer",)
    assert ada.users_tab.requests_list.count() == 0 and ada.users_tab.requests_box.isHidden()


# --- roles: only an admin installs a catalog or changes the model --------------------------

def test_a_marketer_sees_the_catalog_import_disabled_and_why_and_is_refused(qtbot, make_view, write_catalog, catalog):
    view = make_view("alice")
    tab = view.catalog_tab
    assert not tab.import_button.isEnabled()
    assert not tab.permission_note.isHidden()
    assert tab.permission_note.text() == "Only an admin can import a catalog — ask Ada Admin"
    with qtbot.assertNotEmitted(view.catalog_changed):
        assert view.import_catalog(write_catalog(MINIMAL_CATALOG)) is False  # "5 points per $1" never reaches the facts
    assert tab.catalog_banner.text() == "Only an admin can import a catalog — ask Ada Admin"
    assert view.services.catalog is catalog
    assert not (config.config_dir() / "catalog.json").exists() and config.load_settings().catalog is None


def test_an_admin_sees_the_catalog_import_enabled(make_view):
    tab = make_view("admin").catalog_tab
    assert tab.import_button.isEnabled() and tab.permission_note.isHidden()


def test_a_marketer_sees_the_model_controls_disabled_and_why_and_is_refused(qtbot, make_view, tmp_path):
    view = make_view("alice")
    tab = view.model_tab
    for control in (tab.choose_model_button, tab.template_button, tab.default_model_button, tab.adapter_picker, tab.learn_button):
        assert not control.isEnabled(), control.objectName()
    assert tab.verify_button.isEnabled()  # checking the files changes nothing
    assert not tab.permission_note.isHidden()
    assert tab.permission_note.text().startswith("Only an admin can change the model") and "— ask Ada Admin" in tab.permission_note.text()
    with qtbot.assertNotEmitted(view.model_changed):
        assert view.set_model_setting("template") is False
        assert tab.model_banner.text() == "Only an admin can change the model — ask Ada Admin"
        assert view.set_model_folder(fake_model_folder(tmp_path)) is False
        assert "Only an admin can change the model folder" in tab.model_banner.text()
        assert view.set_adapter("none") is False
        assert "Only an admin can change the copy adapter" in tab.model_banner.text()
        assert view.learn_from_library() is False
    assert tab.learn_job is None and "learn from approved copy" in tab.learn_status.text()
    settings = config.load_settings()
    assert (settings.model, settings.adapter) == ("default", "house")


def test_a_marketer_may_still_change_her_interface_language(qtbot, make_view):
    view = make_view("alice")
    with qtbot.waitSignal(view.language_changed):
        assert view.set_ui_language("zh_CN")
    assert config.load_settings().extra["ui_language"] == "zh_CN"


def test_roles_are_read_again_when_the_page_is_refreshed(make_view, db_path, catalog, engine):
    view = make_view("alice")
    assert not view.catalog_tab.import_button.isEnabled()
    with Store.open(db_path) as store:
        Workflow(store, catalog, engine, "admin").add_user("alice", ["marketer", "admin"])
    view.refresh()
    assert view.catalog_tab.import_button.isEnabled() and view.model_tab.template_button.isEnabled()
    assert not view.users_tab.user_form.isHidden()


def test_a_successful_verify_is_remembered_for_the_first_start_checklist(qtbot, make_view, tmp_path):
    view = make_view()
    view.set_model_folder(fake_model_folder(tmp_path))
    with qtbot.waitSignal(view.model_verified, timeout=10_000):
        view.verify_model()
    assert config.load_settings().extra["onboarding"]["model_checked"]["model"] == str(tmp_path / "tiny-model")


def test_show_tab_brings_a_tab_forward(make_view):
    view = make_view()
    view.show_tab("model")
    assert view.tabs.currentWidget() is view.model_tab


def test_with_copy_templates_only_there_is_nothing_to_check_and_the_step_is_done(qtbot, make_view):
    view = make_view()
    view.set_model_setting("template")
    with qtbot.waitSignal(view.model_checked) as checked:
        view.verify_model()
    assert checked.args == ["template"] and "No model to verify" in view.model_tab.model_banner.text()


def test_every_control_has_a_name_for_screen_readers_and_says_what_it_does(make_view):
    """Admin: each button, field and list is named, and each button explains itself on hover."""
    assert controls_without_names_or_tips(make_view("admin")) == ([], [])
