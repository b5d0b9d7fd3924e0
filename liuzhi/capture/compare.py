"""How a new capture differs from the one before it: same bytes, same text, or how much
of the text changed."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

#: Replaced passages up to this size are compared character by character, so one changed
#: number counts as a few characters, not as its whole paragraph.
_FINE_LIMIT = 20_000


@dataclass(frozen=True)
class Change:
    previous_id: int
    previous_captured_at: str
    bytes_changed: bool
    text_changed: bool
    changed_characters: int
    text_length: int  # the longer of the two texts
    changed_lines: int
    lines: int

    @property
    def share(self) -> float:
        """Changed characters as a share of the text, 0 to 1."""
        return self.changed_characters / self.text_length if self.text_length else 0.0

    def summary(self) -> str:
        since = f"capture #{self.previous_id} ({self.previous_captured_at})"
        if not self.bytes_changed:
            return f"unchanged since {since}: identical bytes"
        if not self.text_changed:
            return (f"the bytes changed since {since}, but the text is the same (only markup, "
                    "scripts or layout differ)")
        return (f"changed since {since}: {self.changed_characters:,} of {self.text_length:,} "
                f"characters of text differ ({self.share:.1%}), in {self.changed_lines:,} of "
                f"{self.lines:,} lines")


def changed_characters(before: str, after: str) -> tuple[int, int]:
    """(characters changed, lines changed) between two texts: lines are matched first,
    then replaced passages are compared character by character."""
    old_lines, new_lines = before.splitlines(), after.splitlines()
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    characters = lines = 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        lines += max(i2 - i1, j2 - j1)
        old = "\n".join(old_lines[i1:i2])
        new = "\n".join(new_lines[j1:j2])
        if tag == "replace" and len(old) + len(new) <= _FINE_LIMIT:
            fine = SequenceMatcher(None, old, new, autojunk=False)
            characters += sum(max(b - a, d - c) for op, a, b, c, d in fine.get_opcodes()
                              if op != "equal")
        else:
            characters += max(len(old), len(new))
    return characters, lines


def compare(*, previous_id: int, previous_captured_at: str, previous_sha256: str,
            previous_text: str, sha256: str, text: str) -> Change:
    if previous_sha256 == sha256:
        return Change(previous_id, previous_captured_at, False, False, 0, len(text), 0,
                      len(text.splitlines()))
    if previous_text == text:
        return Change(previous_id, previous_captured_at, True, False, 0, len(text), 0,
                      len(text.splitlines()))
    characters, lines = changed_characters(previous_text, text)
    return Change(previous_id, previous_captured_at, True, True, characters,
                  max(len(previous_text), len(text)), lines,
                  max(len(previous_text.splitlines()), len(text.splitlines())))
