"""The window stays responsive while the real bundled model writes, and its drafts go all the
way to an approval."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer

from copydesk.generation.pipeline import DraftPipeline
from copydesk.ui.compose_view import ComposeView
from copydesk.workflow import Workflow

pytestmark = pytest.mark.model


def test_gui_thread_keeps_ticking_while_the_real_model_generates_then_draft_is_approved(qtbot, services, real_backend, catalog, engine):
    view = ComposeView(services)
    qtbot.addWidget(view)
    view.set_pipeline(DraftPipeline(catalog, engine, real_backend, model_languages=("en",)))
    view.select("rewards-card", "new-graduates", "sms", "en")
    ticks_while_generating = []
    tokens = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks_while_generating.append(1) if view.job is not None else None)
    timer.start()
    show_token = view._on_token
    view._on_token = lambda index, text: (tokens.append(index), show_token(index, text))
    view.generate()
    qtbot.waitUntil(lambda: view.job is None, timeout=180_000)
    timer.stop()
    # The GUI thread ran its timer again and again while the model wrote: nothing blocked it.
    assert len(ticks_while_generating) >= 10
    assert tokens, "tokens streamed to the GUI while they were generated"
    drafts = [card.draft for card in view.cards]
    assert drafts and all(d is not None for d in drafts)
    best = view.cards[0]
    assert best.draft.verdict == "pass"
    best.use_button.click()
    with qtbot.waitSignal(view.submitted) as submitted:
        view.submit_button.click()
    approved = Workflow(services.store, catalog, engine, "bob").approve(submitted.args[0], "OK")
    assert approved.status == "approved" and approved.frozen["model_id"] == best.draft.model
    assert approved.frozen["source"] in ("model", "template")
