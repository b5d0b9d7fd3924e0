"""The README documents every command, so a newcomer can find each one."""

from pathlib import Path

from liuzhi.cli import app

README = Path(__file__).parents[1] / "README.md"


def test_readme_starts_with_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    first_block = text.split("```")[1]
    commands = [line.split("#")[0].strip() for line in first_block.splitlines()[1:]]
    assert [c for c in commands if c] == ["make run", "make test"]


def test_every_command_is_documented() -> None:
    text = README.read_text(encoding="utf-8")
    names = [c.name or c.callback.__name__ for c in app.registered_commands]  # type: ignore[union-attr]
    assert names, "no commands registered"
    for name in names:
        assert f"`liuzhi {name}" in text, f"README does not document `liuzhi {name}`"
