"""The first-start checklist and the first model conversion's progress, worked out without Qt
(copydesk/app/onboarding.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from copydesk import config, resources
from copydesk.app import onboarding, settings_changes
from copydesk.app.onboarding import ModelLoadProgress, Step
from copydesk.store.db import Store
from copydesk.workflow import Workflow
from tests.conftest import MINIMAL_CATALOG


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "copydesk.db") as opened:
        yield opened


def acting(store, catalog, engine, login):
    return Workflow(store, catalog, engine, login)


def done(checklist) -> dict[str, bool]:
    return {item.step.value: item.done for item in checklist.items}


def test_a_new_admin_has_three_steps_left(store, catalog, engine):
    ada = acting(store, catalog, engine, "ada")
    ada.bootstrap_first_user()
    checklist = onboarding.checklist(ada, config.load_settings())
    assert done(checklist) == {"who": True, "reviewer": False, "catalog": False, "model": False}
    assert checklist.login == "ada" and checklist.roles == ("marketer", "admin")
    assert checklist.shown and not checklist.complete
    assert [item.admin_tab for item in checklist.items] == ["users", "users", "catalog", "model"]


def test_every_step_ticks_and_then_the_checklist_goes(store, catalog, engine, write_catalog):
    ada = acting(store, catalog, engine, "ada")
    ada.bootstrap_first_user()
    ada.add_user("ada", ["marketer", "admin", "reviewer"])  # her own reviewer role does not count
    assert not onboarding.checklist(ada, config.load_settings()).item(Step.REVIEWER).done
    ada.add_user("rita", ["reviewer"])
    settings_changes.install_catalog(ada, write_catalog(MINIMAL_CATALOG))
    onboarding.record_model_check("default")
    checklist = onboarding.checklist(ada, config.load_settings())
    assert all(done(checklist).values()) and checklist.complete and not checklist.shown
    assert config.load_settings().extra["onboarding"]["model_checked"]["model"] == "default"


def test_a_deactivated_reviewer_does_not_count(store, catalog, engine):
    ada = acting(store, catalog, engine, "ada")
    ada.bootstrap_first_user()
    ada.add_user("rita", ["reviewer"])
    ada.set_active("rita", False)
    assert not onboarding.checklist(ada, config.load_settings()).item(Step.REVIEWER).done


def test_a_catalog_it_configured_counts_and_the_bundled_sample_does_not(store, catalog, engine, write_catalog):
    ada = acting(store, catalog, engine, "ada")
    ada.bootstrap_first_user()
    sample = config.Settings(catalog=str(resources.sample_catalog_path()))
    assert not onboarding.checklist(ada, sample).item(Step.CATALOG).done
    bank = config.Settings(catalog=str(write_catalog(MINIMAL_CATALOG)))
    assert onboarding.checklist(ada, bank).item(Step.CATALOG).done


def test_dismissed_stays_dismissed_and_keeps_other_settings():
    config.save_settings(config.Settings(model="template", extra={"ui_language": "zh_CN"}))
    onboarding.record_model_check("template")
    onboarding.dismiss()
    settings = config.load_settings()
    assert settings.model == "template" and settings.extra["ui_language"] == "zh_CN"
    assert settings.extra["onboarding"]["dismissed"] is True and "model_checked" in settings.extra["onboarding"]


def test_a_dismissed_checklist_is_not_shown(store, catalog, engine):
    ada = acting(store, catalog, engine, "ada")
    ada.bootstrap_first_user()
    onboarding.dismiss()
    checklist = onboarding.checklist(ada, config.load_settings())
    assert checklist.dismissed and not checklist.shown


def test_a_marketer_sees_only_who_she_is(store, catalog, engine):
    ada = acting(store, catalog, engine, "ada")
    ada.bootstrap_first_user()
    ada.add_user("alice", ["marketer"])
    checklist = onboarding.checklist(acting(store, catalog, engine, "alice"), config.load_settings())
    assert [item.step for item in checklist.items] == [Step.WHO]
    assert checklist.complete and not checklist.shown  # nothing left she can do


def test_someone_not_yet_a_user_is_told_whom_to_ask(store, catalog, engine):
    ada = acting(store, catalog, engine, "ada")
    ada.bootstrap_first_user()
    ada.add_user("ada", ["marketer", "admin"], "Ada Admin")
    checklist = onboarding.checklist(acting(store, catalog, engine, "stranger"), config.load_settings())
    assert done(checklist) == {"who": False} and checklist.shown
    assert not checklist.registered and checklist.admins == ("Ada Admin",)


def test_without_a_database_there_is_no_checklist():
    checklist = onboarding.checklist(None, config.Settings())
    assert checklist.items == () and not checklist.shown


# --- the first model conversion ------------------------------------------------------------

class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


CONVERTING = "Converting SmolLM2-135M-Instruct.Q4_1.gguf to a safetensors cache (once; about a minute)"


def test_the_conversion_reports_steps_a_percentage_and_the_time_left():
    clock = Clock()
    progress = ModelLoadProgress(clock=clock)
    assert progress.state().number == 0  # nothing reported: a load from the cache
    first = progress.report(CONVERTING)
    assert (first.step, first.number, first.steps, first.percent) == ("convert", 1, 3, 0)
    assert 40 <= first.seconds_left <= 46 and first.message == CONVERTING
    clock.now = 18.0
    halfway = progress.state()
    assert 35 <= halfway.percent <= 50 and halfway.seconds_left < first.seconds_left
    clock.now = 36.0
    vocabulary = progress.report("Keeping the gemma-en-zh vocabulary")
    assert (vocabulary.step, vocabulary.number) == ("vocabulary", 2) and vocabulary.percent >= halfway.percent
    clock.now = 39.0
    read = progress.report("Model cache ready")
    assert (read.step, read.number) == ("read", 3) and 85 <= read.percent < 100 and read.seconds_left <= 5


def test_a_slower_pc_gets_a_longer_estimate_and_an_unknown_message_keeps_the_step():
    clock = Clock()
    progress = ModelLoadProgress(clock=clock)
    progress.report(CONVERTING)
    clock.now = 72.0  # twice the typical conversion time, still converting
    slow = progress.state()
    assert slow.percent < 90 and slow.seconds_left >= 7  # never "0 s left" while it still works
    assert progress.report("something else the backend says").number == 1
    clock.now = 80.0
    read = progress.report("Model cache ready")
    assert read.seconds_left >= 8  # the last step, stretched by the pace seen so far (4 s typical)


def test_the_steps_follow_what_the_conversion_says():
    """The messages the tracker waits for are the ones models.build_cache sends."""
    from copydesk.generation import models

    source = Path(models.__file__).read_text(encoding="utf-8")
    for step in onboarding.FIRST_LOAD_STEPS:
        assert step.starts in source, step
