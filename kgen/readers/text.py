"""Texts: `.txt` files read as UTF-8, and the words of each text.

The lengths give `sequence_length` its default (about the 95th percentile), the distinct
words `max_tokens`. `.txt` is read in any case.
"""

from __future__ import annotations

import re
from pathlib import Path

TEXT_SUFFIX = ".txt"
VOCABULARY_CAP = 100_000
"""Distinct words counted per text column; more count as this many."""
MOST_TOKENS = 20_000
"""The largest default vocabulary: enough for most corpora, and small enough to train fast."""
_WORD = re.compile(r"\w+")


def text_files(folder: Path) -> list[Path]:
    """The `.txt` files in `folder`, whatever the case of the suffix (`.TXT` too), sorted."""
    return sorted(p for p in folder.iterdir() if p.suffix.lower() == TEXT_SUFFIX and p.is_file())


def read_text(path: Path) -> str:
    """The text of a UTF-8 file; a byte order mark is no part of it. Raises `UnicodeDecodeError`."""
    return path.read_text(encoding="utf-8-sig")


class Words:
    """The word count of each text seen, and the distinct lower-case words (up to `VOCABULARY_CAP`)."""

    def __init__(self) -> None:
        self.lengths: list[int] = []
        self.words: set[str] = set()

    def add(self, text: str) -> None:
        """Count the words of one more text."""
        words = _WORD.findall(text.lower())
        self.lengths.append(len(words))
        if len(self.words) < VOCABULARY_CAP:
            self.words.update(words)


def percentile(values: list[int], percent: int) -> int:
    """The value `percent` of the way through `values` in order (the nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))]


def sequence_length(lengths: list[int]) -> int | None:
    """The 95th percentile of the texts' word counts, rounded up to a multiple of 8 (at least 8)."""
    if not lengths:
        return None
    return max(8, -(-percentile(lengths, 95) // 8) * 8)


def max_tokens(words: int | None) -> int | None:
    """Every distinct word a token, plus padding and the unknown token, up to `MOST_TOKENS`."""
    return min(MOST_TOKENS, words + 2) if words else None


def describe(class_counts: dict[str, int], lengths: list[int] | None, words: int, cut_at: int | None) -> list[str]:
    """Lines on the texts: examples per class, the word counts' percentiles, and how many
    texts have more words than `cut_at` (the model reads their first tokens only)."""
    lines = [f"class {name}: {count} texts" for name, count in class_counts.items()]
    if lengths:
        lines.append(
            f"words per text: median {percentile(lengths, 50)}, 95th percentile {percentile(lengths, 95)}, "
            f"longest {max(lengths)}; {words} distinct words"
        )
    cut = sum(length > cut_at for length in lengths) if lengths and cut_at else 0
    if lengths and cut:
        have = "has" if cut == 1 else "have"
        lines.append(
            f"{cut} of {len(lengths)} texts {have} more than {cut_at} words: the model reads the first "
            f"{cut_at} tokens of each (`--sequence-length` changes it)"
        )
    return lines
