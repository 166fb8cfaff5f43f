"""The first start in the window: the Users page works on a fresh database, the setup checklist
stays under the banner until done (or dismissed), and the first model conversion shows its
progress in the status bar."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QLabel, QProgressBar

from copydesk import config
from copydesk.app.onboarding import Step
from copydesk.generation.fake_backend import FakeBackend
from copydesk.ui.main_window import MainWindow
from copydesk.ui.services import AppServices
from tests.conftest import MINIMAL_CATALOG
from tests.ui.conftest import GOOD_EN_MODEL


@pytest.fixture
def first_start(qtbot, tmp_path, catalog, engine):
    """The window as the first person to open a new database sees it."""
    services = AppServices.create("ada", catalog, engine, tmp_path / "fresh.db")
    # An import or a model change reloads the model: the fake one, never the real conversion.
    services.backend_factory = lambda: (FakeBackend(pool=[GOOD_EN_MODEL]), ("en",))
    window = MainWindow(services, load_model=False)
    qtbot.addWidget(window)
    yield window
    services.close()


def test_a_new_admin_can_add_users_without_restarting(qtbot, first_start):
    window = first_start
    window.show_page("admin")
    window.admin.show_tab("users")
    users = window.admin.users_tab
    assert not users.user_form.isHidden() and users.user_form.isEnabled() and users.add_user_button.isEnabled()
    assert "Only an admin" not in users.users_note.text()
    assert users.add_user("rita", ["reviewer"]) and "Saved rita (reviewer)" in users.users_banner.text()


def test_the_users_form_is_there_when_the_window_opens_on_the_admin_page(qtbot, tmp_path, catalog, engine):
    config.save_settings(config.Settings(extra={"window": {"page": "admin"}}))  # shown before the first user exists
    services = AppServices.create("ada", catalog, engine, tmp_path / "fresh.db", settings=config.load_settings())
    window = MainWindow(services, load_model=False)
    qtbot.addWidget(window)
    assert window.tabs.currentWidget() is window.admin
    assert not window.admin.users_tab.user_form.isHidden()
    assert window.admin.catalog_tab.import_button.isEnabled()
    services.close()


def test_the_checklist_shows_the_first_steps_under_the_banner(first_start):
    window = first_start
    checklist = window.findChild(object, "onboardingChecklist")
    assert checklist is window.checklist and not checklist.isHidden()
    layout = window.centralWidget().layout()
    assert layout.indexOf(checklist) == layout.indexOf(window.banner) + 1
    assert checklist.texts[Step.WHO].text() == "Signed in as ada (marketer, admin)."
    assert checklist.marks[Step.WHO].text() == "✓"
    for step in (Step.REVIEWER, Step.CATALOG, Step.MODEL):
        assert checklist.marks[step].text() == "○" and not checklist.buttons[step].isHidden()


def test_each_step_opens_its_admin_tab_and_ticks_when_done(qtbot, first_start, write_catalog, tmp_path):
    window = first_start
    checklist = window.checklist
    checklist.buttons[Step.REVIEWER].click()
    assert window.tabs.currentWidget() is window.admin and window.admin.tabs.currentWidget() is window.admin.users_tab
    window.admin.add_user("rita", ["reviewer"])
    assert checklist.marks[Step.REVIEWER].text() == "✓"

    checklist.buttons[Step.CATALOG].click()
    assert window.admin.tabs.currentWidget() is window.admin.catalog_tab
    assert window.admin.import_catalog(write_catalog(MINIMAL_CATALOG))
    assert checklist.marks[Step.CATALOG].text() == "✓" and not checklist.isHidden()

    checklist.buttons[Step.MODEL].click()
    assert window.admin.tabs.currentWidget() is window.admin.model_tab
    folder = tmp_path / "tiny-model"
    folder.mkdir()
    (folder / "config.json").write_text("{}", encoding="utf-8")
    (folder / "model.safetensors").write_bytes(b"weights")
    window.admin.set_model_folder(folder)
    with qtbot.waitSignal(window.admin.model_verified, timeout=10_000):
        window.admin.model_tab.verify_button.click()
    assert checklist.isHidden()  # every step done: it goes


def test_a_dismissed_checklist_stays_away(qtbot, first_start, tmp_path, catalog, engine):
    first_start.checklist.dismiss_button.click()
    assert first_start.checklist.isHidden()
    assert config.load_settings().extra["onboarding"]["dismissed"] is True
    services = AppServices.create("ada", catalog, engine, tmp_path / "fresh.db", settings=config.load_settings())
    again = MainWindow(services, load_model=False)
    qtbot.addWidget(again)
    assert again.checklist.isHidden()
    services.close()


def test_a_marketer_has_nothing_to_set_up(qtbot, services):
    window = MainWindow(services, load_model=False)  # alice, a marketer
    qtbot.addWidget(window)
    assert window.checklist.isHidden()
    assert window.checklist.state.items[0].step == Step.WHO and len(window.checklist.state.items) == 1


def test_someone_not_yet_a_user_sees_whom_to_ask(qtbot, services):
    services.user = "stranger"
    window = MainWindow(services, load_model=False)
    qtbot.addWidget(window)
    checklist = window.checklist
    assert not checklist.isHidden()
    assert "not a copydesk user yet" in checklist.texts[Step.WHO].text() and "it-admin" in checklist.texts[Step.WHO].text()
    assert checklist.buttons[Step.REVIEWER].isHidden() and checklist.buttons[Step.CATALOG].isHidden()


# --- the first model conversion ------------------------------------------------------------

class ConvertingBackend(FakeBackend):
    """Loads as a first start does: says it converts, waits to be let go, then reads the cache."""

    def __init__(self):
        super().__init__(pool=[GOOD_EN_MODEL])
        self.progress = None  # set by the window, as on the local backends
        self.go_on = threading.Event()

    def load(self):
        self.progress("Converting SmolLM2-135M-Instruct.Q4_1.gguf to a safetensors cache (once; about a minute)")
        self.go_on.wait(10)
        self.progress("Model cache ready")
        super().load()


def test_the_first_conversion_shows_its_step_percentage_and_time_left(qtbot, services):
    backend = ConvertingBackend()
    services.backend_factory = lambda: (backend, ("en",))
    window = MainWindow(services)
    qtbot.addWidget(window)
    label = window.findChild(QLabel, "modelStatus")
    qtbot.waitUntil(lambda: "step 1 of 3" in label.text())
    assert window.model_state == "loading"
    assert "converting it once" in label.text() and "%" in label.text() and "s left" in label.text()
    bar = window.findChild(QProgressBar, "modelProgress")
    assert bar is not None and (bar.minimum(), bar.maximum()) == (0, 100)
    assert "Converting SmolLM2" in label.toolTip()  # the backend's own words
    backend.go_on.set()
    qtbot.waitUntil(lambda: window.model_state == "ready")
    assert label.text().startswith("Model ready: fake-model")
    qtbot.waitUntil(lambda: window.findChild(QProgressBar, "modelProgress") is None)


def test_a_load_from_the_cache_shows_a_busy_bar_and_no_steps(qtbot, services):
    release = threading.Event()

    class Cached(FakeBackend):
        def load(self):
            release.wait(10)
            super().load()

    services.backend_factory = lambda: (Cached(pool=[GOOD_EN_MODEL]), ("en",))
    window = MainWindow(services)
    qtbot.addWidget(window)
    bar = window.findChild(QProgressBar, "modelProgress")
    assert (bar.minimum(), bar.maximum()) == (0, 0)  # busy: nothing to count
    assert window.findChild(QLabel, "modelStatus").text() == "Model: loading fake-model…"
    release.set()
    qtbot.waitUntil(lambda: window.model_state == "ready")
