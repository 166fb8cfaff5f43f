import json

import pytest

from copydesk import config


def test_user_folders_live_under_copydesk_home(copydesk_home):
    assert config.data_dir() == copydesk_home / "data"
    assert config.cache_dir() == copydesk_home / "cache"
    assert config.config_dir() == copydesk_home / "config"
    assert config.data_dir().is_dir()


def test_without_override_platformdirs_decides(monkeypatch, tmp_path):
    monkeypatch.delenv("COPYDESK_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    assert config.data_dir() == tmp_path / "xdg-data" / "copydesk"


def test_missing_settings_give_defaults():
    settings = config.load_settings()
    assert settings.catalog is None and settings.model == "default"


def test_settings_round_trip_keeps_unknown_keys():
    config.settings_path().write_text(json.dumps({"model": "template", "future_option": 3}), encoding="utf-8")
    settings = config.load_settings()
    assert settings.model == "template"
    config.save_settings(settings)
    assert json.loads(config.settings_path().read_text(encoding="utf-8"))["future_option"] == 3


def test_broken_settings_name_file_line_and_fix():
    path = config.settings_path()
    path.write_text('{"model": "default",\n "catalog": }', encoding="utf-8")
    with pytest.raises(config.SettingsError, match=r"settings\.json:2:\d+: invalid JSON .*delete the file to use the defaults"):
        config.load_settings()
    path.write_text('{"model": 5}', encoding="utf-8")
    with pytest.raises(config.SettingsError, match='"model" must be a string'):
        config.load_settings()
