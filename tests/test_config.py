"""The settings table: every setting once, config.toml checked against it."""

from pathlib import Path

import pytest

from liuzhi import config
from liuzhi.capture import limits
from liuzhi.errors import ConfigError


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for setting in config.SETTINGS:
        monkeypatch.delenv(setting.env, raising=False)
    monkeypatch.setenv("LIUZHI_HOME", str(tmp_path))
    return tmp_path


def test_every_setting_has_help_and_a_liuzhi_variable() -> None:
    assert len({s.name for s in config.SETTINGS}) == len(config.SETTINGS)
    for setting in config.SETTINGS:
        assert setting.help and setting.env.startswith("LIUZHI_")


def test_config_file_then_environment(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (home / "config.toml").write_text('actor = "ana"\nweb_port = 9000\nweb_team = true\n'
                                      'max_capture_bytes = "5MB"\n')
    settings = config.load()
    assert (settings.actor, settings.web_port, settings.web_team) == ("ana", 9000, True)
    assert limits.load().max_bytes == 5_000_000
    monkeypatch.setenv("LIUZHI_WEB_PORT", "9100")
    monkeypatch.setenv("LIUZHI_ACTOR", "bo")
    assert (config.load().web_port, config.load().actor) == (9100, "bo")


def test_unknown_key_is_named(home: Path) -> None:
    (home / "config.toml").write_text('actor = "ana"\nweb_prot = 9000\n')
    with pytest.raises(ConfigError, match="sets 'web_prot', which is not a setting") as caught:
        config.load()
    assert "web_port" in str(caught.value)


@pytest.mark.parametrize("key", ["database_url", "web_secret"])
def test_secrets_only_from_the_environment(home: Path, key: str) -> None:
    (home / "config.toml").write_text(f'{key} = "x"\n')
    with pytest.raises(ConfigError, match=f"LIUZHI_{key.upper()} environment variable"):
        config.load()


def test_bad_values_are_explained(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIUZHI_WEB_PORT", "eighty")
    with pytest.raises(ConfigError, match="LIUZHI_WEB_PORT.*'eighty', not a whole number"):
        config.load()
    monkeypatch.setenv("LIUZHI_WEB_PORT", "80")
    monkeypatch.setenv("LIUZHI_WEB_TEAM", "maybe")
    with pytest.raises(ConfigError, match="write true or false"):
        config.load()


def test_every_setting_is_in_the_readme() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for setting in config.SETTINGS:
        assert f"| `{setting.name}` | `{setting.env}` |" in readme, setting.name
