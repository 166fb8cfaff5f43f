"""Compose: generate with streaming, pick and edit a draft, fix, save, submit, autosave."""

from __future__ import annotations

import pytest

from copydesk.ui.compose_view import ComposeView
from copydesk.workflow import Workflow
from tests.ui.conftest import GOOD_EN


@pytest.fixture
def compose(qtbot, services, fake_pipeline):
    view = ComposeView(services)
    qtbot.addWidget(view)
    view.set_pipeline(fake_pipeline)
    view.select("rewards-card", "new-graduates", "sms", "en")
    return view


def run_generation(qtbot, compose):
    compose.generate()
    job = compose.job
    assert job is not None and not compose.generate_button.isEnabled() and compose.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: compose.job is None, timeout=20000)
    return job


def test_generate_streams_into_cards_then_ranks_them(qtbot, compose):
    streamed = []
    show_token = compose._on_token

    def record(index, text):  # connected by generate() before the job starts: no race
        streamed.append((index, text))
        show_token(index, text)

    compose._on_token = record
    compose.generate()
    qtbot.waitUntil(lambda: compose.job is None, timeout=20000)
    assert streamed, "tokens reached the GUI as they were produced"
    cards = compose.draft_list.findChildren(type(compose.cards[0]))
    assert len(compose.cards) == 4 and all(card.draft is not None for card in compose.cards)
    assert compose.cards[0].findChild(object, "verdictBadge").text() == "PASS"
    label = compose.cards[0].findChild(object, "draftText")
    assert label.accessibleDescription() == compose.cards[0].draft.text
    assert "Call to action" in label.text() and "Body" in label.text()  # shown by part
    assert len(cards) >= 4
    assert "pass the checks" in compose.generate_status.text()


def test_cancel_stops_generation(qtbot, compose, fake_pipeline):
    fake_pipeline.backend.pool = [" ".join(["word"] * 4000)]
    compose.generate()
    with qtbot.waitSignal(compose.job.signals.cancelled, timeout=5000):
        compose.cancel()
    qtbot.waitUntil(lambda: compose.job is None)
    assert compose.generate_status.text() == "Cancelled."
    assert compose.generate_button.isEnabled()


def test_picking_a_draft_puts_it_in_the_editor_with_its_provenance(qtbot, compose, services, monkeypatch):
    monkeypatch.setattr("copydesk.generation.pipeline.fresh_seed", lambda: 7)  # a seed whose ranking keeps a model draft
    run_generation(qtbot, compose)
    card = next(card for card in compose.cards if card.draft.backend == "fake")  # the model's draft
    best = card.draft
    card.use_button.click()
    assert compose.copy_editor.toPlainText() == best.text
    version_id = compose.save()
    version = services.workflow().version(version_id)
    assert (version.source, version.model_id, version.seed) == ("model", "fake-model", best.seed)


def test_edit_rechecks_and_highlights_then_apply_fix(qtbot, compose):
    compose.copy_editor.setPlainText("The best card for grads. " + GOOD_EN)
    qtbot.waitUntil(lambda: compose.verdict_badge.text() in ("WARN", "BLOCK"))
    assert compose.copy_editor.extraSelections()
    fixable = [i for i in range(compose.findings_list.count()) if "safe fix" in compose.findings_list.item(i).text()]
    assert fixable, "the superlative offers a safe rewrite"
    compose.findings_list.setCurrentRow(fixable[0])
    assert compose.apply_fix_button.isEnabled()
    compose.apply_fix_button.click()
    assert "The best" not in compose.copy_editor.toPlainText()
    compose.copy_editor.undo()  # one undoable edit
    assert compose.copy_editor.toPlainText().startswith("The best card")


def test_save_then_submit_as_marketer_and_the_reviewer_sees_it(qtbot, compose, services, catalog, engine):
    compose.copy_editor.setPlainText(GOOD_EN)
    with qtbot.waitSignal(compose.submitted) as submitted:
        compose.submit_button.click()
    version_id = submitted.args[0]
    queue = Workflow(services.store, catalog, engine, "bob").queue()
    assert [v.id for v in queue] == [version_id] and queue[0].author == "alice"
    assert "Submitted" in compose.banner.text()
    compose.copy_editor.setPlainText(GOOD_EN + " Apply in the app.")
    second = compose.save()
    assert services.workflow().version(second).draft_id == queue[0].draft_id  # a new version, same draft


def test_blocked_copy_asks_for_an_override_reason_and_keeps_the_text(qtbot, compose, services):
    compose.copy_editor.setPlainText("Guaranteed approval! Earn 2 points per $1.")
    compose.submit_button.click()
    assert not compose.override_reason.isHidden()
    assert "blocking finding" in compose.banner.text()
    assert compose.copy_editor.toPlainText().startswith("Guaranteed approval!")
    compose.override_reason.setText("Legal approved this headline")
    with qtbot.waitSignal(compose.submitted):
        compose.submit_button.click()
    assert compose.override_reason.isHidden()


def test_unsaved_text_survives_a_crash(qtbot, services, fake_pipeline):
    first = ComposeView(services)
    qtbot.addWidget(first)
    first.select("rewards-card", "new-graduates", "email", "en")
    first.copy_editor.setPlainText("Half-written copy about points")
    first.autosave()  # what the timer does 1.5 s after typing stops
    first.deleteLater()  # the window dies without saving
    second = ComposeView(services)
    qtbot.addWidget(second)
    assert second.restore_autosave()
    assert second.copy_editor.toPlainText() == "Half-written copy about points"
    assert second.channel() == "email" and "Recovered" in second.banner.text()
    second.save()
    third = ComposeView(services)
    qtbot.addWidget(third)
    assert not third.restore_autosave()  # saved text is no longer offered


def test_reuse_starts_a_new_draft_based_on_approved_copy(qtbot, compose, services, catalog, engine):
    alice = services.workflow()
    original = alice.start_draft(product_id="zh-platinum-card", segment_id="zh-new-graduates", channel="wechat", text="云帆白金信用卡，首年免年费。")
    compose.start_from(original)
    assert compose.language() == "zh" and compose.product().id == "zh-platinum-card"
    new_id = compose.save()
    assert services.workflow().version(new_id).based_on_version_id == original.id


def test_a_database_problem_keeps_the_text(qtbot, tmp_path, catalog, engine):
    from copydesk.ui.services import AppServices

    bad = tmp_path / "not-a-db.db"
    bad.write_text("this is not sqlite", encoding="utf-8")
    services = AppServices.create("alice", catalog, engine, bad)
    view = ComposeView(services)
    qtbot.addWidget(view)
    view.copy_editor.setPlainText(GOOD_EN)
    assert not view.save_button.isEnabled()
    assert view.save() is None
    assert "not a copydesk database" in view.banner.text()
    assert view.copy_editor.toPlainText() == GOOD_EN


def test_hovering_a_highlight_explains_the_finding(qtbot, compose):
    from copydesk.ui.common import _FindingTooltips, utf16_index

    text = "🎉 Guaranteed approval! Earn 2 points per $1."
    compose.copy_editor.setPlainText(text)
    compose.run_check()
    tooltips = compose.copy_editor.findChild(_FindingTooltips)
    inside = utf16_index(text, text.index("approval"))
    tip = tooltips.tip_at(inside)
    assert "Promises approval" in tip and "Suggestion:" in tip and "en.guarantee.approval" in tip
    assert tooltips.tip_at(utf16_index(text, text.index("Earn"))) == ""


def test_esc_after_a_finished_generation_keeps_the_drafts(qtbot, compose):
    from PySide6.QtCore import Qt

    compose.show()
    compose.activateWindow()
    qtbot.waitExposed(compose)
    compose.generate()
    qtbot.waitUntil(lambda: compose.job is None)
    shown = [card.draft.text for card in compose.cards]
    assert shown
    compose.generate_button.setFocus()
    qtbot.keyClick(compose.generate_button, Qt.Key.Key_Escape)
    assert [card.draft.text for card in compose.cards] == shown
    assert all(not card.isHidden() for card in compose.cards)


def test_tab_in_the_editor_moves_focus_and_never_types_a_tab(qtbot, compose):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    compose.show()
    compose.activateWindow()
    qtbot.waitExposed(compose)
    compose.copy_editor.setFocus()
    qtbot.keyClicks(compose.copy_editor, "Earn points")
    qtbot.keyClick(compose.copy_editor, Qt.Key.Key_Tab)
    assert "\t" not in compose.copy_editor.toPlainText()
    assert QApplication.focusWidget() is not compose.copy_editor


def test_every_compose_action_names_its_shortcut_in_its_tooltip(compose):
    for button, keys in ((compose.generate_button, "Ctrl+Enter"), (compose.cancel_button, "Esc"), (compose.save_button, "Ctrl+S"),
                         (compose.submit_button, "Ctrl+Shift+Enter"), (compose.copy_button, "Ctrl+Shift+C"),
                         (compose.apply_fix_button, "Ctrl+Shift+F"), (compose.fix_all_button, "Ctrl+Shift+G"),
                         (compose.inbox.revise_button, "Ctrl+Shift+V")):
        assert keys in button.toolTip(), button.objectName()


def test_a_segment_restriction_is_shown_checked_live_and_stops_generation(qtbot, compose, tmp_path):
    compose.select("rewards-card", "retirees", "email", "en")
    assert "Not to be offered: Deposit products only" in compose.segment_description.text()
    compose.copy_editor.setPlainText(GOOD_EN)
    compose.run_check()
    assert compose.report.verdict == "block"
    assert any(f.rule == "audience.segment_restriction" for f in compose.report.findings)
    assert "Deposit products only" in compose.findings_list.item(0).text()
    compose.generate()
    qtbot.waitUntil(lambda: compose.job is None, timeout=20000)
    assert "Retirees may not be offered Everyday Rewards Card" in compose.banner.text()
    assert compose.cards == []  # no "Writing…" cards left waiting
    compose.select("high-yield-savings", "retirees", "email", "en")
    compose.run_check()
    assert not any(f.rule == "audience.segment_restriction" for f in compose.report.findings)
    compose.select("rewards-card", "retirees", "email", "en")
    compose.run_check()
    compose.resize(1280, 860)
    assert compose.grab().save(str(tmp_path / "restricted.png"))


def test_the_findings_panel_shows_which_fact_each_figure_states(qtbot, compose, tmp_path):
    compose.copy_editor.setPlainText("Earn 2 points per $1. Representative 21.9% APR (variable). 1.5% cash back.")
    compose.run_check()
    rows = [compose.findings_list.item(i).text() for i in range(compose.findings_list.count())]
    assert "Figures and the facts they state:" in rows
    assert "\u201c21.9%\u201d \u2192 Purchase APR: 21.9% APR variable" in rows
    assert "\u201c1.5%\u201d \u2192 no product fact states it" in rows
    compose.findings_list.setCurrentRow(rows.index("Figures and the facts they state:") + 1)
    assert not compose.apply_fix_button.isEnabled()
    compose.resize(1280, 860)
    assert compose.grab().save(str(tmp_path / "figures.png"))


def test_a_learned_finding_is_listed_with_its_confidence_and_the_case_it_resembles(qtbot, compose, tmp_path):
    compose.select("zh-consumer-loan", "zh-young-families", "wechat", "zh")
    compose.copy_editor.setPlainText("征信花了也能批，人人都有车开！年化利率（单利）3.6%起，具体以审批结果为准。")
    compose.run_check()
    [finding] = [f for f in compose.report.findings if f.rule == "learned.guarantee"]
    assert finding.severity == "warn" and "相似" in finding.message and "把握" in finding.message
    rows = [compose.findings_list.item(i).text() for i in range(compose.findings_list.count())]
    assert any("学习模型判断" in row for row in rows), rows
    compose.resize(1280, 860)
    assert compose.grab().save(str(tmp_path / "learned.png"))
