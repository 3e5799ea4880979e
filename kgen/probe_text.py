"""Look at text data before generating: the texts of each class, their lengths, their words.

Pure Python, like `kgen.probe`: text class folders (`<class>/<name>.txt`) and CSV files with a
text column. The lengths give `sequence_length` its default (about the 95th percentile), the
distinct words `max_tokens`; empty files, files that are not UTF-8 (the generated loader
refuses them too) and class folders without texts are refused here. `.txt` is read in any case.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from kgen.errors import InvalidAnswer
from kgen.probe import Facts, inspect_csv

TEXT_SUFFIX = ".txt"
VOCABULARY_CAP = 100_000
"""Distinct words counted per text column; more count as this many."""
MOST_TOKENS = 20_000
"""The largest default vocabulary: enough for most corpora, and small enough to train fast."""
_LISTED = 5
_WORD = re.compile(r"\w+")


def inspect(source: str, path: Path) -> Facts:
    """The facts of `text_folders` or `text_csv` data at `path`."""
    return _inspect_folders(path) if source == "text_folders" else _inspect_texts_csv(path)


def _inspect_folders(path: Path) -> Facts:
    if not path.is_dir():
        raise InvalidAnswer(
            f"data path `{path}` is not a folder",
            hint="the `text_folders` data source reads a folder with one sub-folder of `.txt` files per class",
        )
    facts, empty, not_utf8, texts = Facts(), [], [], _Texts()
    folders = sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith("."))
    for folder in folders:
        files = text_files(folder)
        if not files:
            raise InvalidAnswer(
                f"class folder `{folder.name}` in `{path}` holds no `{TEXT_SUFFIX}` files",
                hint="put that class's texts in it, one per `.txt` file, or remove the folder",
            )
        facts.classes.append(folder.name)
        facts.class_counts[folder.name] = len(files)
        facts.num_samples += len(files)
        for file in files:
            name = file.relative_to(path).as_posix()
            try:
                text = file.read_text(encoding="utf-8-sig")  # -sig: a byte order mark is no part of the text
            except UnicodeDecodeError as error:
                not_utf8.append(f"`{name}` (byte {error.start})")
                continue
            if not text.strip():
                empty.append(f"`{name}`")
            texts.add(text)
    if not folders:
        raise InvalidAnswer(
            f"`{path}` has no sub-folders", hint="put the `.txt` files of each class in their own sub-folder"
        )
    if not_utf8:
        raise InvalidAnswer(
            f"{_some_files(not_utf8)} not UTF-8 text in `{path}`: {_listed(not_utf8)}",
            hint="save them as UTF-8; from Windows-1252, for one: `iconv -f CP1252 -t UTF-8 old.txt > new.txt`",
        )
    if empty:
        raise InvalidAnswer(
            f"{_some_files(empty)} empty in `{path}`: {_listed(empty)}", hint="write their text, or remove them"
        )
    facts.text_lengths[""], facts.vocabulary[""] = texts.lengths, len(texts.words)
    return facts


def text_files(folder: Path) -> list[Path]:
    """The `.txt` files in `folder`, whatever the case of the suffix (`.TXT` too), sorted."""
    return sorted(p for p in folder.iterdir() if p.suffix.lower() == TEXT_SUFFIX and p.is_file())


def _some_files(names: list[str]) -> str:
    return "1 text file is" if len(names) == 1 else f"{len(names)} text files are"


def _listed(names: list[str]) -> str:
    listed = ", ".join(names[:_LISTED])
    return listed + (f" and {len(names) - _LISTED} more" if len(names) > _LISTED else "")


def _inspect_texts_csv(path: Path) -> Facts:
    facts = inspect_csv(path)
    if not facts.num_samples:
        raise InvalidAnswer(
            f"`{path}` has a header but no rows",
            hint="add one row per example under the header: its text and its target",
        )
    columns = {name: _Texts() for name in facts.columns}
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle, delimiter=facts.delimiter, skipinitialspace=True):
            for name, texts in columns.items():
                texts.add(row.get(name) or "")
    facts.text_lengths = {name: texts.lengths for name, texts in columns.items()}
    facts.vocabulary = {name: len(texts.words) for name, texts in columns.items()}
    return facts


class _Texts:
    """The word count of each text seen, and the distinct lower-case words (up to `VOCABULARY_CAP`)."""

    def __init__(self) -> None:
        self.lengths: list[int] = []
        self.words: set[str] = set()

    def add(self, text: str) -> None:
        words = _WORD.findall(text.lower())
        self.lengths.append(len(words))
        if len(self.words) < VOCABULARY_CAP:
            self.words.update(words)


def text_column(facts: Facts) -> str | None:
    """The CSV column whose texts are longest (by median word count), if any has words."""
    medians = {name: _percentile(lengths, 50) for name, lengths in facts.text_lengths.items() if name}
    best = max(medians, key=lambda name: medians[name], default=None)
    return best if best is not None and medians[best] > 1 else None


def sequence_length(facts: Facts, column: str) -> int | None:
    """The 95th percentile of the texts' word counts, rounded up to a multiple of 8 (at least 8)."""
    lengths = facts.text_lengths.get(column)
    if not lengths:
        return None
    return max(8, -(-_percentile(lengths, 95) // 8) * 8)


def max_tokens(facts: Facts, column: str) -> int | None:
    """Every distinct word a token, plus padding and the unknown token, up to `MOST_TOKENS`."""
    words = facts.vocabulary.get(column)
    return min(MOST_TOKENS, words + 2) if words else None


def describe(facts: Facts, column: str, sequence_length: int | None = None) -> list[str]:
    """Lines on the texts: examples per class, the word counts' percentiles, and how many
    texts have more words than `sequence_length` (the model reads their first tokens only)."""
    lines = [f"class {name}: {count} texts" for name, count in facts.class_counts.items()]
    lengths = facts.text_lengths.get(column)
    if lengths:
        lines.append(
            f"words per text: median {_percentile(lengths, 50)}, 95th percentile {_percentile(lengths, 95)}, "
            f"longest {max(lengths)}; {facts.vocabulary[column]} distinct words"
        )
    cut = sum(length > sequence_length for length in lengths) if lengths and sequence_length else 0
    if lengths and cut:
        have = "has" if cut == 1 else "have"
        lines.append(
            f"{cut} of {len(lengths)} texts {have} more than {sequence_length} words: the model reads the first "
            f"{sequence_length} tokens of each (`--sequence-length` changes it)"
        )
    return lines


def _percentile(values: list[int], percent: int) -> int:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))]
