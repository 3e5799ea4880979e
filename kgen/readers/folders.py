"""Folders of examples: one visible sub-folder per class, and the files in them."""

from __future__ import annotations

from pathlib import Path

LISTED = 5
"""The most file names a refusal lists before `and N more`."""


def class_folders(path: Path) -> list[Path]:
    """The sub-folders of `path`, hidden ones left out, sorted by name: one per class."""
    return sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith("."))


def listed(names: list[str], quoted: bool = True) -> str:
    """`a`, `b`, `c`: the first `LISTED` names, then how many more."""
    shown = ", ".join(f"`{name}`" if quoted else name for name in names[:LISTED])
    return shown + (f" and {len(names) - LISTED} more" if len(names) > LISTED else "")
