from copydesk.catalog import load_catalog
from copydesk import resources
from copydesk.ui.app import build_main_window
from copydesk.ui.main_window import MainWindow


def test_compose_pickers_follow_the_language(qtbot):
    catalog = load_catalog(resources.sample_catalog_path())
    window = MainWindow(user="alice", catalog=catalog)
    qtbot.addWidget(window)
    compose = window.compose
    english = {compose.product_picker.itemData(i) for i in range(compose.product_picker.count())}
    assert english == {p.id for p in catalog.products if p.lang == "en"}
    compose.language_picker.setCurrentIndex(compose.language_picker.findData("zh"))
    chinese = {compose.product_picker.itemData(i) for i in range(compose.product_picker.count())}
    assert chinese == {p.id for p in catalog.products if p.lang == "zh"}
    segments = {compose.segment_picker.itemData(i) for i in range(compose.segment_picker.count())}
    assert segments == {s.id for s in catalog.segments if s.lang == "zh"}


def test_selected_product_shows_its_facts_and_disclosures(qtbot):
    catalog = load_catalog(resources.sample_catalog_path())
    window = MainWindow(user="alice", catalog=catalog)
    qtbot.addWidget(window)
    product = catalog.product(window.compose.product_picker.currentData())
    text = window.compose.facts_view.toPlainText()
    assert all(value in text for value in product.facts.values())
    assert product.disclosures[0] in text


def test_automation_names_are_set(qtbot):
    window = MainWindow(user="alice", catalog=load_catalog(resources.sample_catalog_path()))
    qtbot.addWidget(window)
    for name in ("productPicker", "segmentPicker", "channelPicker", "languagePicker", "draftCount", "generateButton"):
        widget = window.findChild(object, name)
        assert widget is not None, name
        assert widget.accessibleName() == name


def test_broken_catalog_shows_a_banner_and_the_window_still_opens(qtbot, write_catalog):
    path = write_catalog("{not json")
    window = build_main_window("alice", str(path))
    qtbot.addWidget(window)
    assert not window.problem_banner.isHidden()
    assert str(path) in window.problem_banner.text()
    assert window.compose.product_picker.count() == 0


def compose_with_engine(qtbot):
    from copydesk.rules.engine import RuleEngine

    window = MainWindow(user="alice", catalog=load_catalog(resources.sample_catalog_path()), engine=RuleEngine.load())
    qtbot.addWidget(window)
    return window


def test_copy_is_checked_as_the_marketer_types(qtbot):
    window = compose_with_engine(qtbot)
    compose = window.compose
    compose.product_picker.setCurrentIndex(compose.product_picker.findData("rewards-card"))
    compose.copy_editor.setPlainText("Guaranteed approval for grads!")
    qtbot.waitUntil(lambda: compose.verdict_badge.text() == "BLOCK")
    assert compose.findings_list.count() == 1
    assert "en.guarantee.approval" in compose.findings_list.item(0).text()
    assert "Suggestion:" in compose.findings_list.item(0).text()
    selection = compose.copy_editor.extraSelections()[0]
    assert selection.cursor.selectedText() == "Guaranteed approval"
    compose.copy_editor.setPlainText("Earn 2 points per $1 on every purchase.")
    qtbot.waitUntil(lambda: compose.verdict_badge.text() == "PASS")
    assert compose.findings_list.count() == 0 and compose.copy_editor.extraSelections() == []


def test_highlight_lands_on_the_words_after_astral_characters(qtbot):
    window = compose_with_engine(qtbot)
    compose = window.compose
    compose.copy_editor.setPlainText("🎉🎉 The best card.")
    compose.run_check()
    assert compose.copy_editor.extraSelections()[0].cursor.selectedText() == "The best"


def test_counter_shows_the_channel_limit(qtbot):
    window = compose_with_engine(qtbot)
    compose = window.compose
    compose.channel_picker.setCurrentIndex(compose.channel_picker.findData("sms"))
    compose.copy_editor.setPlainText("云帆" * 3)
    compose.run_check()
    assert compose.counter.text() == "6 / 160 characters"
