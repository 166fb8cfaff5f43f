"""Admin → Model: the adapter in use, and "Learn from approved copy" as a long job with progress,
an estimate and cancel (the training itself is tested in tests/generation/test_training.py)."""

from __future__ import annotations

import pytest

from copydesk import config
from copydesk.generation.training import TrainingCancelled
from copydesk.ui.admin import AdminView


@pytest.fixture
def admin(qtbot, services):
    services.user = "it-admin"
    view = AdminView(services)
    qtbot.addWidget(view)
    return view


def test_learning_shows_progress_and_the_before_after_figure(qtbot, admin, monkeypatch):
    def fake_learn(store, catalog, out, progress=None, cancel=None, **kwargs):
        for step in (1, 2, 3):
            progress({"step": step, "steps": 3, "epoch": 1, "loss": 2.0 / step, "tokens_per_s": 40.0, "eta_s": 120.0 * (3 - step)})
        return {"held_back_loss_before": 2.31, "held_back_loss_after": 1.42, "library_examples": 12}

    monkeypatch.setattr("copydesk.generation.learning.learn_from_library", fake_learn)
    admin.learn_from_library()
    assert not admin.model_tab.learn_button.isEnabled() and admin.model_tab.learn_cancel_button.isEnabled()
    qtbot.waitUntil(lambda: admin.model_tab.learn_button.isEnabled())
    assert "2.31" in admin.model_tab.learn_status.text() and "1.42" in admin.model_tab.learn_status.text()
    assert not admin.model_tab.learn_progress.isVisible()


def test_cancel_keeps_the_adapter_in_use(qtbot, admin, monkeypatch):
    import threading

    cancel_pressed = threading.Event()

    def fake_learn(store, catalog, out, progress=None, cancel=None, **kwargs):
        progress({"step": 1, "steps": 10, "epoch": 1, "loss": 2.0, "tokens_per_s": 40.0, "eta_s": 600.0})
        cancel_pressed.wait(10)  # the next step would begin here: training checks cancel between steps
        if cancel():
            raise TrainingCancelled()
        return {"held_back_loss_before": 1, "held_back_loss_after": 1}

    monkeypatch.setattr("copydesk.generation.learning.learn_from_library", fake_learn)
    before = config.load_settings().adapter
    admin.learn_from_library()
    admin.cancel_learning()
    cancel_pressed.set()
    qtbot.waitUntil(lambda: admin.model_tab.learn_button.isEnabled())
    assert "Cancelled" in admin.model_tab.learn_status.text()
    assert config.load_settings().adapter == before


def test_the_adapter_picker_saves_the_choice(qtbot, admin):
    index = admin.model_tab.adapter_picker.findData("none")
    assert index >= 0
    with qtbot.waitSignal(admin.model_changed):
        admin.model_tab.adapter_picker.setCurrentIndex(index)
        admin.set_adapter("none")
    assert config.load_settings().adapter == "none"
