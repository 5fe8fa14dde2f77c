import pytest

from rasid.config import ConfigError, load_settings


def test_defaults_user_file_and_overrides(tmp_path):
    assert load_settings().get("ingest.max_bytes") == 52428800
    user = tmp_path / "user.toml"
    user.write_text("[ingest]\nmax_bytes = 1000\n", encoding="utf-8")
    settings = load_settings(user, {"store.path": "x.db"})
    assert settings.get("ingest.max_bytes") == 1000
    assert settings.get("ingest.batch_size") == 200  # untouched defaults stay
    assert settings.get("store.path") == "x.db"


def test_unknown_setting_is_an_error(tmp_path):
    user = tmp_path / "user.toml"
    user.write_text("[ingest]\nmax_byte = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown setting 'ingest.max_byte'"):
        load_settings(user)


def test_missing_or_invalid_file(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[ingest\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(bad)
