"""`kgen update` and `kgen check-update`: bring a project to a newer template version, keeping its edits.

The update is a 3-way merge per file. kgen renders the project's template version and the
target version with the project's answers, formats both as `kgen new` does, and merges each
template change into the project's file with `git merge-file`, the old render being the
common base. Because both renders are formatted, the formatting `kgen new` applied never counts
as an edit of the user's. (`copier update` compares with an unformatted render: 0.1.0's
templates rendered code the formatter then changed, and a project made with `--formatter black`
differs from any render, so there copier reports conflicts where the user changed nothing.)

- A file the user deleted stays deleted. A file the new version drops is deleted if the user
  never edited it, and kept and reported otherwise.
- Renamed files and answers (`kgen.fixups`) are carried to their new names, with no `--trust`.
- `.copier-answers.yml` is copier's: it always takes the target version's, so plain
  `copier update` keeps working too.
- Where the user's and the template's changes touch the same lines, both are written between
  conflict markers, and the outcome ends with `UpdateConflict` (exit status 1).

The changes are left uncommitted, for the user to review. `--dry-run` prints their diff instead.
"""

from __future__ import annotations

import difflib
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kgen import fixups as fixup_catalog
from kgen import git, merge, render
from kgen.errors import InvalidAnswer, UpdateAvailable, UpdateConflict, UpdateRefused
from kgen.project import ANSWERS_FILE, Project
from kgen.source import version_key

if TYPE_CHECKING:
    from kgen.source import TemplateSource

# Answers that name the project's folders: changing them would move the user's code.
_FIXED_ANSWERS = ("project_name", "package")
_CONFLICT_HINT = (
    "where the template and you changed the same lines, both versions are kept between "
    f"`<<<<<<< {merge.OURS}` and `>>>>>>> {merge.THEIRS}`: keep what you want, delete the markers, commit"
)


@dataclass
class Change:
    """One file the update writes or deletes.

    Attributes:
        path: Relative to the project, with `/`.
        before: The project's text now; `None` when the file does not exist.
        after: The text after the update; `None` to delete the file.
        conflict: `after` holds conflict markers.
        merged: `after` holds both the user's edits and the template's changes.
    """

    path: str
    before: str | None
    after: str | None
    conflict: bool = False
    merged: bool = False

    @property
    def word(self) -> str:
        if self.conflict:
            return "conflict"
        if self.merged:
            return "merged"
        return "added" if self.before is None else "deleted" if self.after is None else "modified"

    def diff(self) -> str:
        old = "/dev/null" if self.before is None else f"a/{self.path}"
        new = "/dev/null" if self.after is None else f"b/{self.path}"
        lines = difflib.unified_diff(
            (self.before or "").splitlines(keepends=True), (self.after or "").splitlines(keepends=True), old, new
        )
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


@dataclass
class Outcome:
    """What an update did, or would do.

    Attributes:
        current: The template version before the update.
        target: The version updated to.
        changes: The files written or deleted.
        kept: Files the new version dropped, kept because the user had edited them.
        dry_run: Nothing was written; the changes are only shown.
    """

    current: str
    target: str
    changes: list[Change] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def unchanged(self) -> bool:
        """Whether the update has nothing to write and nothing to report."""
        return not self.changes and not self.kept

    @property
    def conflicts(self) -> list[str]:
        return [change.path for change in self.changes if change.conflict]

    @property
    def error(self) -> UpdateConflict | None:
        """What the update ends with once it is reported: the conflicts left to resolve, or `None`."""
        if not self.conflicts:
            return None
        need = "would need" if self.dry_run else "need"
        return UpdateConflict(
            f"{len(self.conflicts)} file(s) {need} your hand: " + ", ".join(self.conflicts), hint=_CONFLICT_HINT
        )

    def diff(self) -> str:
        return "".join(change.diff() for change in self.changes)


@dataclass(frozen=True)
class Status:
    """The project's template version and the newest one this kgen has."""

    current: str
    latest: str

    @property
    def behind(self) -> bool:
        return version_key(self.current) < version_key(self.latest)


def check(project: Project, source: TemplateSource) -> Status:
    """The project's template version, when it is the newest one this kgen has.

    Raises:
        UpdateAvailable: A newer template version exists.
        UpdateRefused: The project was made by a newer kgen.
    """
    status = Status(project.version, source.latest)
    _refuse_newer(status.current, source)
    if status.behind:
        raise UpdateAvailable(
            f"Template {status.latest} is available; the project is at {status.current}. Run `kgen update`."
        )
    return status


def update(
    project: Project,
    source: TemplateSource,
    *,
    to: str | None = None,
    sets: Mapping[str, str] | None = None,
    dry_run: bool = False,
    fixups: tuple[fixup_catalog.Fixup, ...] | None = None,
) -> Outcome:
    """Update `project` to template version `to` (the newest by default), changing the answers in `sets`.

    Raises:
        UpdateRefused: An unknown or older version, a bad `--set`, or (unless `dry_run`) not a
            git repository with every change committed.
        KgenError: The template could not be rendered.
    """
    changed = _changed_answers(project, sets or {})
    current = project.version
    _refuse_newer(current, source)
    target = _target(to, current, source)
    if not dry_run:
        _check_repository(project)
    if target == current and not changed:
        return Outcome(current, target, dry_run=dry_run)
    pending = fixup_catalog.between(current, target, fixup_catalog.FIXUPS if fixups is None else fixups)
    answers = _renamed_answers(project.user_answers, pending) | changed
    renames = [f.paths(project.package) for f in pending if isinstance(f, fixup_catalog.RenamedFile)]
    with tempfile.TemporaryDirectory(prefix="kgen-update-") as scratch:
        old, new = Path(scratch) / "old", Path(scratch) / "new"
        _render(old, project.user_answers, current, source)
        _render(new, answers, target, source)
        outcome = _merge(project.root, old, new, dict(renames))
    outcome.current, outcome.target, outcome.dry_run = current, target, dry_run
    if not dry_run:
        _write(project.root, outcome.changes)
    return outcome


def _render(folder: Path, answers: dict[str, Any], version: str, source: TemplateSource) -> None:
    render.render_version(folder, answers, version=version, source=source)
    render.format_code(folder, "ruff")


def _merge(project: Path, old: Path, new: Path, renames: dict[str, str]) -> Outcome:
    """The changes that bring the template's changes from `old` to `new` into `project`."""
    old_files, new_files = _files(old), _files(new)
    renames = {source: target for source, target in renames.items() if source in old_files and target in new_files}
    moved_to = {target: source for source, target in renames.items()}
    outcome = Outcome("", "")
    for path in sorted(old_files | new_files):
        conflict = joined = False
        if path in renames:
            continue  # merged at its new path
        source = moved_to.get(path, path)
        base = _read(old / source) if source in old_files else None
        theirs = _read(new / path) if path in new_files else None
        ours = _read(project / source)
        if path == ANSWERS_FILE:
            after = theirs  # copier's file: it records the new version and answers
        elif theirs is None:
            if ours is not None and ours != base:
                outcome.kept.append(path)
                continue
            after = None
        elif ours is None and base is not None:
            continue  # the user deleted it: it stays deleted
        else:
            after, conflict, joined = _merge_text(ours, base, theirs)
        if source != path and ours is not None:
            outcome.changes.append(Change(source, ours, None))
        current = _read(project / path)
        if after != current or conflict:
            outcome.changes.append(Change(path, current, after, conflict, merged=joined))
    return outcome


def _merge_text(ours: str | None, base: str | None, theirs: str) -> tuple[str, bool, bool]:
    """Theirs where only the template changed, ours where only the user did, else a 3-way merge.

    Returns:
        The text, whether it holds a conflict, and whether both sides' changes were merged.
    """
    if ours is None or ours == theirs or ours == base:
        return theirs, False, False
    if theirs == base:
        return ours, False, False
    merged = merge.merge_text(ours, base or "", theirs)
    return merged.text, merged.conflict, not merged.conflict


def _write(root: Path, changes: list[Change]) -> None:
    for change in changes:
        path = root / change.path
        if change.after is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(change.after, encoding="utf-8")


def _files(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.is_file() else None


def _check_repository(project: Project) -> None:
    if git.toplevel(project.root) is None:
        raise UpdateRefused(
            f"`{project.root}` is not in a git repository, so the update could not be reviewed or undone",
            hint="commit the project first (`git init && git add -A && git commit -m Start`), or use `--dry-run`",
        )
    dirty = git.changes(project.root)
    if dirty:
        shown = ", ".join(line[3:] for line in dirty[:3]) + (", ..." if len(dirty) > 3 else "")
        raise UpdateRefused(
            f"the project has uncommitted changes ({shown})",
            hint="commit or stash them first, so the update can be reviewed and undone",
        )


def _refuse_newer(current: str, source: TemplateSource) -> None:
    if version_key(current) > version_key(source.latest):
        raise UpdateRefused(
            f"the project was made with kgen {current}, newer than this kgen's template ({source.latest})",
            hint="upgrade kgen: `pip install --upgrade kgen`",
        )


def _target(to: str | None, current: str, source: TemplateSource) -> str:
    target = (to or source.latest).removeprefix("v")
    if target not in source.versions:
        raise UpdateRefused(
            f"template version `{target}` is unknown", hint="choose one of: " + ", ".join(source.versions)
        )
    if version_key(target) < version_key(current):
        raise UpdateRefused(
            f"the project is at template version {current}; going back to {target} is not supported",
            hint="undo the update with git instead: `git log -- .copier-answers.yml`",
        )
    return target


def _changed_answers(project: Project, sets: Mapping[str, str]) -> dict[str, Any]:
    """Validate the `--set` answers against the others and the data; return the answers that change."""
    if not sets:
        return {}
    from kgen import spec  # deferred: the validation modules load only when answers change

    for key in sets:
        if key in _FIXED_ANSWERS:
            raise InvalidAnswer(
                f"`{key}` cannot change in an update: it names the project's folders",
                hint="make a new project with `kgen new` and move your code into it",
            )
    given = project.user_answers | dict(sets)
    data_path = Path(str(given["data_path"]))
    given["data_path"] = str(data_path if data_path.is_absolute() else project.root / data_path)
    resolved = spec.resolve(given).copier_data(project.root)
    return {key: value for key, value in resolved.items() if value != project.answers.get(key)}


def _renamed_answers(answers: dict[str, Any], pending: list[fixup_catalog.Fixup]) -> dict[str, Any]:
    """The answers under the names the target version asks them by."""
    renamed = dict(answers)
    for fixup in pending:
        if isinstance(fixup, fixup_catalog.RenamedAnswer) and fixup.old in renamed:
            renamed[fixup.new] = renamed.pop(fixup.old)
    return renamed
