"""`text_folders`: one sub-folder of `.txt` files per class (`<class>/<name>.txt`).

Empty files, files that are not UTF-8 (the generated loader refuses them too) and class
folders without texts are refused here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kgen.errors import InvalidAnswer
from kgen.readers import text
from kgen.readers.folders import class_folders, listed
from kgen.sources import checks


@dataclass(frozen=True)
class Texts:
    """The classes (folder names, sorted) and their texts' count; each text's words, and the distinct words."""

    classes: list[str]
    class_counts: dict[str, int]
    num_samples: int
    lengths: list[int]
    words: int


def inspect(path: Path, answers: Mapping[str, Any]) -> Texts:
    """The texts of each class folder; raise `InvalidAnswer` for an empty, unreadable or missing one."""
    if not path.is_dir():
        raise InvalidAnswer(
            f"data path `{path}` is not a folder",
            hint="the `text_folders` data source reads a folder with one sub-folder of `.txt` files per class",
        )
    counts: dict[str, int] = {}
    empty, not_utf8, words = [], [], text.Words()
    folders = class_folders(path)
    for folder in folders:
        files = text.text_files(folder)
        if not files:
            raise InvalidAnswer(
                f"class folder `{folder.name}` in `{path}` holds no `{text.TEXT_SUFFIX}` files",
                hint="put that class's texts in it, one per `.txt` file, or remove the folder",
            )
        counts[folder.name] = len(files)
        for file in files:
            name = file.relative_to(path).as_posix()
            try:
                content = text.read_text(file)
            except UnicodeDecodeError as error:
                not_utf8.append(f"`{name}` (byte {error.start})")
                continue
            if not content.strip():
                empty.append(f"`{name}`")
            words.add(content)
    if not folders:
        raise InvalidAnswer(
            f"`{path}` has no sub-folders", hint="put the `.txt` files of each class in their own sub-folder"
        )
    if not_utf8:
        raise InvalidAnswer(
            f"{_some_files(not_utf8)} not UTF-8 text in `{path}`: {listed(not_utf8, quoted=False)}",
            hint="save them as UTF-8; from Windows-1252, for one: `iconv -f CP1252 -t UTF-8 old.txt > new.txt`",
        )
    if empty:
        raise InvalidAnswer(
            f"{_some_files(empty)} empty in `{path}`: {listed(empty, quoted=False)}",
            hint="write their text, or remove them",
        )
    return Texts(list(counts), counts, sum(counts.values()), words.lengths, len(words.words))


def _some_files(names: list[str]) -> str:
    return "1 text file is" if len(names) == 1 else f"{len(names)} text files are"


def preview(texts: Texts) -> list[tuple[str, list[str]]]:
    """Examples per class, and the word counts of the texts."""
    return [("The texts:", text.describe(texts.class_counts, texts.lengths, texts.words, None))]


def summary(texts: Texts, answers: Mapping[str, Any]) -> list[str]:
    """Examples per class, the word counts, and how many texts are cut."""
    return text.describe(texts.class_counts, texts.lengths, texts.words, answers["sequence_length"])


DEFAULTS = {
    "num_classes": lambda texts, answers: len(texts.classes) or None,
    "max_tokens": lambda texts, answers: text.max_tokens(texts.words),
    "sequence_length": lambda texts, answers: text.sequence_length(texts.lengths),
}


def check(answers: Mapping[str, Any], texts: Texts) -> None:
    """As many class folders as the task has classes, with two texts or more each."""
    checks.check_class_count(answers, len(texts.classes), "class folders")
    checks.check_class_sizes(texts.class_counts, "in the data,")
