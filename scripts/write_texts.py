"""Write the docstrings of installed libraries as real English text, one class per library.

    python scripts/write_texts.py docstrings DIR        # DIR/<library>/<qualified name>.txt: numpy, keras, matplotlib
    python scripts/write_texts.py docstrings-csv FILE   # the same texts as `text,library`, rows shuffled
    python scripts/write_texts.py docstring-pairs DIR   # the same for numpy and keras only: two classes
    python scripts/write_texts.py docstring-traits FILE # `text` and 0/1 labels is_class, has_examples, from_keras

The docstrings ship inside the installed packages, so nothing is downloaded. Each text is the
docstring of one public function, class or method, of at least 20 words and cut after its
first 400, and no text is written twice. A library gives at most 300 texts, spread evenly over
its sorted names, so the files are the same on every run for the same installed versions.
"""

import csv
import importlib
import inspect
import os
import random
import re
import sys
import warnings
from pathlib import Path

TRAITS = ("is_class", "has_examples", "from_keras")
SOURCES = {
    "numpy": ("numpy", "numpy.linalg", "numpy.random"),
    "keras": (
        "keras.layers",
        "keras.ops",
        "keras.losses",
        "keras.metrics",
        "keras.optimizers",
        "keras.callbacks",
    ),
    "matplotlib": ("matplotlib.pyplot", "matplotlib.axes.Axes"),
}
MIN_WORDS = 20
MAX_WORDS = 400
PER_LIBRARY = 300

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("MPLBACKEND", "Agg")


def texts(libraries: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """Library -> qualified name -> docstring, for each of `libraries`, none the same as another."""
    seen: set[str] = set()
    return {library: _spread(_docstrings(library, seen)) for library in libraries}


def write_folders(folder: Path, libraries: tuple[str, ...] = tuple(SOURCES)) -> dict[str, int]:
    named_texts = texts(libraries)
    for library, named in named_texts.items():
        (folder / library).mkdir(parents=True, exist_ok=True)
        for name, text in named.items():
            (folder / library / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    return {library: len(named) for library, named in named_texts.items()}


def write_csv(path: Path) -> dict[str, int]:
    named_texts = texts(tuple(SOURCES))
    rows = [[text, library] for library, named in named_texts.items() for text in named.values()]
    random.Random(0).shuffle(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "library"])
        writer.writerows(rows)
    return {library: len(named) for library, named in named_texts.items()}


def write_traits(path: Path) -> dict[str, int]:
    """The texts with three yes/no labels each: a multi-label table.

    `is_class`: the name documented is a class (CamelCase); `has_examples`: the docstring has an
    Example(s) section; `from_keras`: keras wrote it.
    """
    named_texts = texts(tuple(SOURCES))
    rows = []
    for library, named in named_texts.items():
        for name, text in named.items():
            is_class = name.rsplit(".", 1)[1][:1].isupper()
            has_examples = re.search(r"^\s*Examples?\b", text, re.MULTILINE) is not None
            rows.append([text, int(is_class), int(has_examples), int(library == "keras")])
    random.Random(0).shuffle(rows)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "is_class", "has_examples", "from_keras"])
        writer.writerows(rows)
    return {label: sum(row[index + 1] for row in rows) for index, label in enumerate(TRAITS)}


def _docstrings(library: str, seen: set[str]) -> dict[str, str]:
    """Qualified name -> docstring of the library's public callables, skipping the texts in `seen`.

    Of two names that differ only in case (`keras.layers.Add`, `keras.layers.add`) the first is
    kept, so that the files are the same on a file system that ignores case.
    """
    found: dict[str, str] = {}
    lowered: set[str] = set()
    for source in SOURCES[library]:
        for name, value in _public_callables(source):
            text = _first_words(value.__doc__) if isinstance(value.__doc__, str) else ""
            qualified = f"{source}.{name}"
            if len(text.split()) >= MIN_WORDS and text not in seen and qualified.lower() not in lowered:
                seen.add(text)
                lowered.add(qualified.lower())
                found[qualified] = text
    return found


def _public_callables(path: str) -> list[tuple[str, object]]:
    """Sorted public callables of a module or class, defined in the library it belongs to."""
    namespace = _resolve(path)
    library = path.split(".")[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # numpy warns on some deprecated names
        values = [(name, getattr(namespace, name, None)) for name in sorted(dir(namespace)) if not name.startswith("_")]
    return [
        (name, value)
        for name, value in values
        if callable(value) and (getattr(value, "__module__", None) or library).split(".")[0] == library
    ]


def _resolve(path: str) -> object:
    """A module, or a class in a module, by its dotted path."""
    try:
        return importlib.import_module(path)
    except ModuleNotFoundError:
        module, _, name = path.rpartition(".")
        return getattr(importlib.import_module(module), name)


def _first_words(docstring: str) -> str:
    """The cleaned docstring, cut after its first `MAX_WORDS` words; its line breaks are kept."""
    text = inspect.cleandoc(docstring)
    words = list(re.finditer(r"\S+", text))
    return text[: words[MAX_WORDS - 1].end()] if len(words) > MAX_WORDS else text


def _spread(found: dict[str, str]) -> dict[str, str]:
    """At most `PER_LIBRARY` texts, evenly spaced over the sorted names."""
    names = sorted(found)
    if len(names) > PER_LIBRARY:
        names = [names[index * len(names) // PER_LIBRARY] for index in range(PER_LIBRARY)]
    return {name: found[name] for name in names}


if __name__ == "__main__":
    kind, destination = sys.argv[1], Path(sys.argv[2])
    writers = {
        "docstrings": write_folders,
        "docstrings-csv": write_csv,
        "docstring-pairs": lambda folder: write_folders(folder, ("numpy", "keras")),
        "docstring-traits": write_traits,
    }
    counts = writers[kind](destination)
    print(f"wrote {kind} to {destination}: " + ", ".join(f"{count} {library}" for library, count in counts.items()))
