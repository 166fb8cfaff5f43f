"""The main window: pickers, live check, start-up problems as banners, wiring between views."""

from __future__ import annotations

import pytest

from copydesk.generation.fake_backend import FakeBackend
from copydesk.ui.app import build_main_window, build_services
from copydesk.ui.main_window import MainWindow
from copydesk.ui.services import AppServices
from copydesk.workflow import Workflow
from tests.ui.conftest import GOOD_EN, GOOD_EN_MODEL


def fake_factory():
    return FakeBackend(pool=[GOOD_EN_MODEL]), ("en",)


@pytest.fixture
def window(qtbot, services):
    services.backend_factory = fake_factory
    win = MainWindow(services)
    qtbot.addWidget(win)
    qtbot.waitUntil(lambda: win.model_state == "ready")
    return win


def test_compose_pickers_follow_the_language(window, catalog):
    compose = window.compose
    def ids(picker):
        return {picker.itemData(i) for i in range(picker.count())} - {None}
    assert ids(compose.product_picker) == {p.id for p in catalog.products if p.lang == "en"}
    compose.language_picker.setCurrentIndex(compose.language_picker.findData("zh"))
    assert ids(compose.product_picker) == {p.id for p in catalog.products if p.lang == "zh"}
    assert ids(compose.segment_picker) == {s.id for s in catalog.segments if s.lang == "zh"}


def test_products_are_grouped_by_kind_and_searchable(window):
    picker = window.compose.product_picker
    headings = [picker.itemText(i) for i in range(picker.count()) if picker.itemData(i) is None]
    assert "CREDIT CARD" in headings and "MORTGAGE" in headings
    assert picker.isEditable() and picker.completer() is not None


def test_selected_product_shows_its_facts_and_disclosures(window):
    product = window.compose.product()
    text = window.compose.facts_view.toPlainText()
    assert all(value in text for value in product.facts.values())
    assert product.disclosures[0] in text


def test_automation_names_are_set(window):
    for name in ("productPicker", "segmentPicker", "channelPicker", "languagePicker", "draftCount", "generateButton",
                 "cancelButton", "draftList", "submitButton", "reviewQueue", "approveButton", "rejectButton",
                 "reviewComment", "librarySearch", "libraryResults"):
        widget = window.findChild(object, name)
        assert widget is not None, name
        assert widget.accessibleName() == name


def test_copy_is_checked_as_the_marketer_types(qtbot, window):
    compose = window.compose
    compose.select("rewards-card")
    compose.copy_editor.setPlainText("Guaranteed approval for grads!")
    qtbot.waitUntil(lambda: compose.verdict_badge.text() == "BLOCK")
    assert "en.guarantee.approval" in compose.findings_list.item(0).text()
    assert "Suggestion:" in compose.findings_list.item(0).text()
    assert compose.copy_editor.extraSelections()[0].cursor.selectedText() == "Guaranteed approval"
    compose.copy_editor.setPlainText("Earn 2 points per $1 on every purchase.")
    qtbot.waitUntil(lambda: compose.verdict_badge.text() != "BLOCK")
    assert "Guaranteed" not in " ".join(compose.findings_list.item(i).text() for i in range(compose.findings_list.count()))


def test_highlight_lands_on_the_words_after_astral_characters(window):
    compose = window.compose
    compose.copy_editor.setPlainText("🎉🎉 The best card.")
    compose.run_check()
    assert compose.copy_editor.extraSelections()[0].cursor.selectedText() == "The best"


def test_counter_shows_the_channel_limit(window):
    compose = window.compose
    compose.select(channel="sms")
    compose.copy_editor.setPlainText("云帆" * 3)
    compose.run_check()
    assert compose.counter.text() == "6 / 160 characters"


def test_broken_catalog_shows_a_banner_and_the_window_still_opens(qtbot, write_catalog, tmp_path):
    path = write_catalog("{not json")
    window = build_main_window("alice", str(path), str(tmp_path / "w.db"), load_model=False)
    qtbot.addWidget(window)
    assert not window.banner.isHidden()
    assert str(path) in window.banner.text() and "Admin → Catalog" in window.banner.text()
    assert window.compose.product_picker.count() == 0
    assert not window.compose.generate_button.isEnabled()


def test_broken_settings_file_is_named_and_defaults_are_used(qtbot, tmp_path):
    from copydesk import config

    config.settings_path().write_text('{"model": ', encoding="utf-8")
    services = build_services("alice", str(tmp_path / "s.db"))
    assert any("settings.json" in p and "invalid JSON" in p for p in services.problems)
    assert services.catalog is not None


def test_a_database_that_cannot_be_used_is_explained(qtbot, tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_text("not a database", encoding="utf-8")
    window = build_main_window("alice", None, str(bad), load_model=False)
    qtbot.addWidget(window)
    assert "not a copydesk database" in window.banner.text() and "nothing can be saved" in window.banner.text()


def test_first_start_makes_the_user_admin_and_marketer(qtbot, tmp_path, catalog, engine):
    services = AppServices.create("newbie", catalog, engine, tmp_path / "fresh.db")
    window = MainWindow(services, load_model=False)
    qtbot.addWidget(window)
    user = services.workflow().user
    assert user.roles == ("marketer", "admin")
    services.close()


def test_an_unknown_user_is_told_how_to_get_access(qtbot, services):
    services.user = "stranger"
    window = MainWindow(services, load_model=False)
    qtbot.addWidget(window)
    assert "not a copydesk user yet" in window.banner.text()


def test_a_model_that_fails_to_load_falls_back_to_templates_with_a_notice(qtbot, services):
    class Broken(FakeBackend):
        def load(self):
            raise OSError("/models/qwen: config.json is missing; choose a complete model folder")

    services.backend_factory = lambda: (Broken(), ("en",))
    window = MainWindow(services)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.model_state == "templates")
    assert "config.json is missing" in window.banner.text() and "copy templates" in window.banner.text()
    assert window.compose.generate_button.isEnabled()
    assert not window.compose.pipeline.uses_model(type("R", (), {"lang": "en"})())


def test_submitted_copy_reaches_the_reviewer_and_approval_reaches_the_library(qtbot, window, services, catalog, engine):
    window.compose.select("rewards-card", "new-graduates", "sms", "en")
    window.compose.copy_editor.setPlainText(GOOD_EN)
    with qtbot.waitSignal(window.compose.submitted) as submitted:
        window.compose.submit_button.click()
    version_id = submitted.args[0]
    Workflow(services.store, catalog, engine, "bob").approve(version_id, "fine")
    window.show_page("library")
    qtbot.waitUntil(lambda: [v.id for v in window.library.results] == [version_id])  # refreshed when shown
    approved = services.workflow().version(version_id)
    window.reuse(approved)
    assert window.tabs.currentWidget() is window.compose
    assert window.compose.session.based_on == version_id


def test_layout_and_last_choices_are_remembered(qtbot, services):
    services.backend_factory = fake_factory
    first = MainWindow(services, load_model=False)
    qtbot.addWidget(first)
    first.compose.select("zh-platinum-card", "zh-new-graduates", "wechat", "zh")
    first.show_page("library")
    first.save_layout()
    second = MainWindow(services, load_model=False)
    qtbot.addWidget(second)
    assert second.tabs.currentWidget() is second.library
    assert second.compose.product().id == "zh-platinum-card" and second.compose.channel() == "wechat"


def test_the_selected_request_is_warmed_up_once_the_model_is_ready(window, qtbot):
    """The first Generate should reuse a prompt computed in the background after start-up."""
    qtbot.waitUntil(lambda: window.prompt_warmed)
    backend = window.compose.pipeline.backend
    assert len(backend.warm_ups) == 1 and backend.prompts == []
    request = window.compose.current_request()
    assert window.compose.product().name in backend.warm_ups[0][0] and request.lang == "en"


def test_changing_the_request_prepares_the_new_prompt(window, qtbot):
    """After the first warm-up, picking another product prepares its prompt too, a moment later."""
    qtbot.waitUntil(lambda: window.prompt_warmed)
    compose, backend = window.compose, window.compose.pipeline.backend
    picker = compose.product_picker
    other = next(i for i in range(picker.count()) if picker.itemData(i) not in (None, compose.product().id))
    with qtbot.waitSignal(compose.warm_up_finished, timeout=5000):
        picker.setCurrentIndex(other)
    assert len(backend.warm_ups) == 2 and compose.product().name in backend.warm_ups[-1][0]
    assert backend.prompts == []  # nothing was drafted


def test_no_warm_up_while_drafts_are_being_written(window, qtbot):
    qtbot.waitUntil(lambda: window.prompt_warmed)
    compose = window.compose
    before = len(compose.pipeline.backend.warm_ups)
    compose.job = object()  # a Generate in progress
    compose.start_warm_up()
    compose.job = None
    assert len(compose.pipeline.backend.warm_ups) == before


def test_an_identity_override_is_in_the_window_title(qtbot, services):
    from copydesk.identity import Identity

    services.identity = Identity("alice", "root", overridden=True)
    win = MainWindow(services, load_model=False)
    qtbot.addWidget(win)
    assert "identity override: OS login root" in win.windowTitle()


def test_a_job_whose_window_closed_ends_without_a_traceback(qtbot):
    import shiboken6

    from copydesk.ui.workers import FunctionJob

    job = FunctionJob(lambda progress: progress("still working"))
    shiboken6.delete(job.signals)  # what closing the window does to a job still running
    job.run()  # must not raise "Signal source has been deleted"


def test_changing_the_model_while_one_loads_loads_one_at_a_time_and_the_newest_wins(qtbot, services):
    """Catalog then model changed during a slow first load: never two loads at once (two models
    in memory), and the settings chosen last are the ones running at the end."""
    import threading

    release, running, made = threading.Event(), [], []

    class Slow(FakeBackend):
        def load(self):
            running.append(self.model_id)
            assert len(running) == 1, "two loads at once"
            release.wait(10)
            running.remove(self.model_id)

    def factory():
        backend = Slow(pool=[GOOD_EN_MODEL], model_id=f"model-{len(made) + 1}")
        made.append(backend)
        return backend, ("en",)

    services.backend_factory = factory
    window = MainWindow(services)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: running == ["model-1"])
    window.start_model()  # the catalog changed
    window.start_model()  # then the model
    assert len(made) == 1 and window.model_state == "loading"
    release.set()
    qtbot.waitUntil(lambda: window.model_state == "ready")
    assert len(made) == 2 and window.compose.pipeline.backend is made[1]
    assert "model-2" in window.model_label.text()


def test_an_imported_catalog_reaches_compose_and_every_subscriber(qtbot, window, services, catalog, engine, write_catalog):
    from tests.conftest import MINIMAL_CATALOG

    heard = []
    services.subscribe(heard.append)
    services.user = "it-admin"  # the signed-in admin (the fixture's services act as alice)
    assert window.admin.catalog_tab.import_catalog(write_catalog(MINIMAL_CATALOG, "new.json")) is True
    products = {window.compose.product_picker.itemData(i) for i in range(window.compose.product_picker.count())} - {None}
    assert products == {"rewards-card"} and window.compose.catalog is services.catalog
    assert heard == ["catalog"] and [p.id for p in services.catalog.products] == ["rewards-card"]
