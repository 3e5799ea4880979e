"""A 3-way merge of one text file that keeps both sides where both only added lines at one place.

`git merge-file` calls it a conflict when the user and the template insert lines at the same
place, say each appends a function at the end of `model.py` or a key at the end of a TOML
table. Nothing of the common base was removed or changed there, so nothing truly conflicts:
kgen keeps both, the template's lines first, and the file counts as merged. A hunk where
either side changed or removed base lines stays a conflict between markers.

The merge runs in git's diff3 style, whose conflict hunks show the base lines, so a pure
insertion is one whose base part is empty; the markers left for the user are then written
in the usual two-sided style, with the lines both sides share moved out of them.
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kgen.errors import KgenError

OURS, BASE, THEIRS = "before updating", "last update", "after updating"
_MARKERS = {"<": "<" * 7, "|": "|" * 7, "=": "=" * 7, ">": ">" * 7}


@dataclass(frozen=True)
class Merged:
    """The merged text, and how it came about.

    Attributes:
        text: The file after the merge; it holds conflict markers when `conflict` is true.
        conflict: Some lines need the user's hand.
        joined: Both sides added lines at one place, and both were kept.
    """

    text: str
    conflict: bool
    joined: bool


def merge_text(ours: str, base: str, theirs: str) -> Merged:
    """Merge the template's change from `base` to `theirs` into the user's `ours`.

    Raises:
        KgenError: `git merge-file` could not run.
    """
    lines = _git_merge_file(ours, base, theirs).splitlines(keepends=True)
    out: list[str] = []
    conflict = joined = False
    index = 0
    while index < len(lines):
        if not lines[index].startswith(_MARKERS["<"] + " "):
            out.append(lines[index])
            index += 1
            continue
        mine, original, template, index = _hunk(lines, index)
        if not original:
            out += template + mine
            joined = True
        else:
            out += _two_sided(mine, template)
            conflict = True
    return Merged("".join(out), conflict, joined and not conflict)


def _git_merge_file(ours: str, base: str, theirs: str) -> str:
    with tempfile.TemporaryDirectory(prefix="kgen-merge-") as scratch:
        files = []
        for name, text in (("ours", ours), ("base", base), ("theirs", theirs)):
            files.append(Path(scratch) / name)
            files[-1].write_text(text, encoding="utf-8")
        labels = [option for label in (OURS, BASE, THEIRS) for option in ("-L", label)]
        command = ["git", "merge-file", "-p", "--diff3", *labels, *map(str, files)]
        try:
            result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", check=False)
        except FileNotFoundError as error:
            raise KgenError("`git` was not found", hint="install git and run the update again") from error
    if result.returncode < 0 or result.returncode > 127:
        raise KgenError(f"`git merge-file` failed: {result.stderr.strip()}", hint="check that git is installed")
    return result.stdout


def _hunk(lines: list[str], start: int) -> tuple[list[str], list[str], list[str], int]:
    """The user's, the base's and the template's lines of the conflict at `start`, and the index after it."""
    parts: list[list[str]] = [[], [], []]
    part = 0
    index = start + 1
    while not lines[index].startswith(_MARKERS[">"]):
        line = lines[index]
        if part == 0 and line.startswith(_MARKERS["|"]):
            part = 1
        elif part < 2 and line.rstrip("\n") == _MARKERS["="]:
            part = 2
        else:
            parts[part].append(line)
        index += 1
    return parts[0], parts[1], parts[2], index + 1


def _two_sided(mine: list[str], template: list[str]) -> list[str]:
    """A conflict in the usual style, the lines both sides begin and end with written outside it."""
    head = 0
    while head < min(len(mine), len(template)) and mine[head] == template[head]:
        head += 1
    tail = 0
    while tail < min(len(mine), len(template)) - head and mine[-1 - tail] == template[-1 - tail]:
        tail += 1
    end_mine, end_template = len(mine) - tail, len(template) - tail
    middle = [f"{_MARKERS['<']} {OURS}\n", *_ended(mine[head:end_mine]), f"{_MARKERS['=']}\n"]
    middle += [*_ended(template[head:end_template]), f"{_MARKERS['>']} {THEIRS}\n"]
    return mine[:head] + middle + mine[end_mine:]


def _ended(lines: list[str]) -> list[str]:
    """The lines, the last one ending in a newline so a marker never joins it."""
    if lines and not lines[-1].endswith("\n"):
        return [*lines[:-1], lines[-1] + "\n"]
    return lines
