"""The data sources: one module each, found by name through `get`.

Each module `kgen.sources.<name>` (one per `catalog.DATA_SOURCES` entry) holds what kgen
knows of that kind of files, and no other module tests a source's name:

- `inspect(path, answers) -> facts`: what the files hold, as the module's own frozen facts
  type (with a `num_samples`); it raises `InvalidAnswer` for files the project could not
  read. `answers` are those given before `data_path`.
- `preview(facts)`: the sections (a heading and its lines) kgen prints while it prompts,
  before the questions the data decides.
- `summary(facts, answers)`: the lines kgen prints about the data once every answer is in.
- `DEFAULTS`: question key -> `(facts, answers) -> value`, the defaults the data gives
  (`None` where it gives none).
- `check(answers, facts)`: refuse answers the data cannot satisfy.

Readers several sources share (CSV, image and `.npy` files, class folders, texts) are in
`kgen.readers`; refusals several share in `kgen.sources.checks` and `kgen.sources.pixels`.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol

from kgen import catalog
from kgen.errors import InvalidAnswer

Answers = Mapping[str, Any]
Default = Callable[[Any, Answers], Any]


class Source(Protocol):
    """What each module of this package provides."""

    DEFAULTS: Mapping[str, Default]

    def inspect(self, path: Path, answers: Answers) -> Any: ...

    def preview(self, facts: Any) -> list[tuple[str, list[str]]]: ...

    def summary(self, facts: Any, answers: Answers) -> list[str]: ...

    def check(self, answers: Answers, facts: Any) -> None: ...


def get(name: str) -> Source:
    """The module of the data source `name` (a `catalog.DATA_SOURCES` key)."""
    if name not in catalog.DATA_SOURCES:
        raise KeyError(name)
    module: Source = importlib.import_module(f"{__name__}.{name}")  # type: ignore[assignment]
    return module


@functools.cache
def from_data() -> frozenset[str]:
    """The questions whose default some source reads from its data."""
    return frozenset(key for name in catalog.DATA_SOURCES for key in get(name).DEFAULTS)


def inspect(name: str, path: Path, answers: Answers | None = None) -> Any:
    """Read enough of the data at `path` to know its shape; raise `InvalidAnswer` if unusable.

    `answers` are those given before the data path (the sub-folders of `paired_folders`).
    A path the system cannot look up or read (a name too long, a NUL byte, permissions) is
    refused with the system's reason.
    """
    try:
        if not path.exists():
            raise InvalidAnswer(
                f"data path `{path}` does not exist",
                hint="pass the path of your data with `--data-path`, relative to the current directory",
            )
        return get(name).inspect(path, answers or {})
    except ValueError as error:  # a NUL byte in a path; any other ValueError is a bug
        if "null byte" not in str(error):
            raise
        raise InvalidAnswer(
            f"data path `{path}` holds a NUL character", hint="pass the path of your data with `--data-path`"
        ) from None
    except OSError as error:
        raise InvalidAnswer(
            f"`{error.filename or path}` cannot be read ({error.strerror or error})",
            hint="check the path and the file's permissions",
        ) from None
