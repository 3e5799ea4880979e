"""A generated project on disk: found through its `.copier-answers.yml`, read without importing it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kgen import catalog
from kgen.errors import DestinationError, KgenError

ANSWERS_FILE = ".copier-answers.yml"
# Projects from kgen 0.1.0 recorded the template folder as `_src_path` and no `_commit`.
UNVERSIONED = "0.1.0"
_COMMIT = re.compile(r"^v(?P<number>[^-\s]+)(?:-\d+-g[0-9a-f]+)?$")


@dataclass(frozen=True)
class Project:
    """A kgen project: its root folder and the answers it was made with.

    Attributes:
        root: The folder holding `.copier-answers.yml`.
        answers: Everything in that file, `_src_path` and `_commit` included.
    """

    root: Path
    answers: dict[str, Any]

    @property
    def package(self) -> str:
        return str(self.answers["package"])

    def part_folder(self, kind: str) -> Path:
        """Where the custom parts of `kind` (`layer`, `loss`, `metric`) live: `src/<package>/<kind>s`."""
        return self.root / "src" / self.package / catalog.PART_FOLDERS[kind]

    @property
    def user_answers(self) -> dict[str, Any]:
        """The answers to the questions, without copier's own `_` entries."""
        return {key: value for key, value in self.answers.items() if not key.startswith("_")}

    @property
    def version(self) -> str:
        """The template version the project was last rendered from, e.g. `0.2.0`.

        Raises:
            KgenError: `_commit` is not a version kgen wrote.
        """
        commit = self.answers.get("_commit")
        if commit is None:
            return UNVERSIONED
        match = _COMMIT.match(str(commit))
        if match is None:
            raise KgenError(
                f"`{ANSWERS_FILE}` records `_commit: {commit}`, which is not a kgen template version",
                hint="restore the file from git: `git checkout -- .copier-answers.yml`",
            )
        return match.group("number")


def find(start: Path) -> Project:
    """The project holding `start`: the nearest folder upward with a kgen answers file.

    Raises:
        DestinationError: No folder from `start` upward holds one.
    """
    start = start.resolve()
    for folder in (start, *start.parents):
        answers = folder / ANSWERS_FILE
        if answers.is_file():
            data = _read(answers)
            if "package" in data and "project_name" in data:
                return Project(folder, data)
    raise DestinationError(
        f"`{start}` is not inside a kgen project (no {ANSWERS_FILE} found here or above)",
        hint="run this inside a project made with `kgen new`, or pass `--project DIR`",
    )


def _read(path: Path) -> dict[str, Any]:
    import yaml  # deferred: only commands that read a project need it

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise KgenError(f"cannot read `{path}`: {error}", hint="restore it from git") from None
    return data if isinstance(data, dict) else {}
