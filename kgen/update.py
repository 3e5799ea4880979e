"""`kgen update` and `kgen check-update`: bring a project to a newer template version, keeping its edits.

copier does the 3-way merge: it renders the project's old template version and the new one,
and replays the project's changes since the old version onto the new one. kgen adds what copier
leaves out:

- checks first, with plain messages: a git repository, no uncommitted changes, a known and not
  newer template version;
- the template history, offline (`kgen.source`), and the fix-ups for renamed files and answers
  (`kgen.fixups`), so no `--trust` is ever needed;
- conflict detection: copier exits 0 when it leaves conflict markers, so kgen looks for unmerged
  paths, `*.rej` files and markers itself;
- `--dry-run`, which runs the same update in a temporary git worktree and shows its diff.

The update leaves its changes uncommitted, for the user to review and commit.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kgen import fixups as fixup_catalog
from kgen import git, render
from kgen.errors import InvalidAnswer, KgenError
from kgen.project import ANSWERS_FILE, UNVERSIONED, Project
from kgen.source import version_key

if TYPE_CHECKING:
    from kgen.source import TemplateSource

# Answers that name the project's folders: changing them would move the user's code.
_FIXED_ANSWERS = ("project_name", "package")
_MARKER = "<<<<<<< "
_STATUS = {"M": "modified", "A": "added", "D": "deleted", "R": "renamed", "?": "added", "U": "conflict"}


class UpdateRefused(KgenError):
    """The project cannot be updated as it is; nothing was changed. Exits 2."""

    exit_code = 2


class UpdateConflict(KgenError):
    """The update finished, but left conflicts for the user to resolve. Exits 1."""


@dataclass
class Outcome:
    """What an update did, or would do.

    Attributes:
        current: The template version before the update.
        target: The version updated to.
        changes: (what happened, path) for each file the update touched, relative to the project.
        conflicts: Paths, relative to the project, that hold conflicts to resolve.
        kept: Files the new version dropped, kept because the user had edited them.
        diff: The full diff, for a dry run.
    """

    current: str
    target: str
    changes: list[tuple[str, str]] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    diff: str = ""


@dataclass(frozen=True)
class Status:
    current: str
    latest: str

    @property
    def behind(self) -> bool:
        return version_key(self.current) < version_key(self.latest)


def check(project: Project, source: TemplateSource) -> Status:
    """The project's template version and the newest one this kgen has.

    Raises:
        UpdateRefused: The project was made by a newer kgen.
    """
    status = Status(project.version, source.latest)
    _refuse_newer(status.current, source)
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
        UpdateRefused: Not a clean git repository, an unknown or older version, or a bad `--set`.
        KgenError: copier failed.
    """
    data = _changed_answers(project, sets or {})
    current = project.version
    _refuse_newer(current, source)
    target = _target(to, current, source)
    repository = _check_repository(project)
    if target == current and not data:
        return Outcome(current, target)
    pending = fixup_catalog.between(current, target, fixup_catalog.FIXUPS if fixups is None else fixups)
    data |= {f.new: project.answers[f.old] for f in pending if _is_answer_rename(f, project, data)}
    step = _Update(source, current, target, data, [f for f in pending if isinstance(f, fixup_catalog.RenamedFile)])
    if not dry_run:
        return step.apply(project)
    with _worktree(repository) as copy:
        moved = Project(copy / project.root.relative_to(repository), project.answers)
        outcome = step.apply(moved, format_changes=False)
        git.run(copy, "add", "--all")
        outcome.diff = git.run(copy, "diff", "--cached", "--no-color", "--no-renames", _head(repository))
        return outcome


@dataclass
class _Update:
    source: TemplateSource
    current: str
    target: str
    data: dict[str, Any]
    renamed_files: list[fixup_catalog.RenamedFile]

    def apply(self, project: Project, *, format_changes: bool = True) -> Outcome:
        """Run the fix-ups and the copier update in `project`; report what changed."""
        if "_commit" not in project.answers:
            _record_version(project, self.source)
        renames = self._renames(project)
        with tempfile.TemporaryDirectory(prefix="kgen-old-") as scratch:
            old_render = _LazyRender(self, project, Path(scratch) / "project")
            self._copier_update(project.root)
            conflicts = self._merge_renamed(project, renames, old_render)
            kept = self._keep_edited_removals(project, old_render, skip={old for old, _ in renames})
        outcome = Outcome(self.current, self.target, _changes(project.root), kept=kept)
        outcome.conflicts = sorted(set(conflicts) | set(_conflicts(project.root, outcome.changes)))
        if format_changes and not outcome.conflicts:
            _format(project.root, outcome.changes)
        return outcome

    def _renames(self, project: Project) -> list[tuple[str, str]]:
        """The renamed files whose old path the project still has."""
        pairs = [rename.paths(project.package) for rename in self.renamed_files]
        return [(old, new) for old, new in pairs if (project.root / old).is_file()]

    def _copier_update(self, root: Path) -> None:
        import copier  # deferred: importing copier takes about half a second
        from copier.errors import CopierError

        try:
            with self.source.redirect():
                copier.run_update(
                    str(root),
                    data=self.data,
                    answers_file=ANSWERS_FILE,
                    vcs_ref=f"v{self.target}",
                    defaults=True,
                    skip_answered=True,
                    overwrite=True,
                    conflict="inline",
                    quiet=True,
                    unsafe=False,
                    settings=copier.Settings(),
                )
        except (CopierError, ValueError, TypeError) as error:
            raise KgenError(f"copier could not update the project: {error}", hint=render._BUG_HINT) from error

    def _merge_renamed(self, project: Project, renames: list[tuple[str, str]], old_render: _LazyRender) -> list[str]:
        """Carry the user's edits of each renamed file to its new path; return the paths that conflict."""
        conflicts = []
        for old, new in renames:
            edited = _committed(project.root, old)
            base = old_render.text(old)
            if base is None or edited is None or edited == base or not (project.root / new).is_file():
                continue  # the user never changed it: the template's file at the new path is right
            if _merge_file(project.root / new, base, edited):
                conflicts.append(new)
        return conflicts

    def _keep_edited_removals(self, project: Project, old_render: _LazyRender, skip: set[str]) -> list[str]:
        """Put back the files the new version dropped but the user had edited; return their paths.

        copier deletes them, edits and all. kgen keeps them, and says so, for the user to decide.
        """
        kept = []
        for word, path in _changes(project.root):
            if word != "deleted" or path in skip:
                continue
            edited = _committed(project.root, path)
            if edited is not None and edited != old_render.text(path):
                git.run(project.root, "checkout", "HEAD", "--", f"./{path}")
                kept.append(path)
        return kept


@dataclass
class _LazyRender:
    """The project's old template version, rendered with its answers the first time a file is asked for."""

    update: _Update
    project: Project
    folder: Path

    def text(self, path: str) -> str | None:
        if not self.folder.exists():
            render.render_version(
                self.folder, self.project.user_answers, version=self.update.current, source=self.update.source
            )
            render.format_code(self.folder, "ruff")
        file = self.folder / path
        return file.read_text(encoding="utf-8") if file.is_file() else None


def _committed(root: Path, path: str) -> str | None:
    """The file's text in the last commit, or `None` when it was not committed."""
    result = subprocess.run(
        ["git", "-C", str(root), "show", f"HEAD:./{path}"], capture_output=True, text=True, check=False
    )
    return result.stdout if result.returncode == 0 else None


def _merge_file(ours: Path, base: str, theirs: str) -> bool:
    """3-way merge the user's old file into the template's new one, in place; True when it conflicts."""
    with tempfile.TemporaryDirectory(prefix="kgen-merge-") as scratch:
        base_file, theirs_file = Path(scratch) / "base", Path(scratch) / "theirs"
        base_file.write_text(base, encoding="utf-8")
        theirs_file.write_text(theirs, encoding="utf-8")
        labels = ["-L", "after updating", "-L", "before updating", "-L", "your edits"]
        command = ["git", "merge-file", *labels, str(ours), str(base_file), str(theirs_file)]
        return subprocess.run(command, capture_output=True, check=False).returncode != 0


def _check_repository(project: Project) -> Path:
    repository = git.toplevel(project.root)
    if repository is None:
        raise UpdateRefused(
            f"`{project.root}` is not in a git repository, so an update could not tell your edits from the template",
            hint="commit the project first: `git init && git add -A && git commit -m 'Start'`",
        )
    dirty = git.changes(project.root)
    if dirty:
        shown = ", ".join(line[3:] for line in dirty[:3]) + (", ..." if len(dirty) > 3 else "")
        raise UpdateRefused(
            f"the project has uncommitted changes ({shown})",
            hint="commit or stash them first, so the update can be reviewed and undone",
        )
    return repository


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
    """Validate the `--set` answers against the others and the data; return them as copier data."""
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


def _is_answer_rename(fixup: fixup_catalog.Fixup, project: Project, data: Mapping[str, Any]) -> bool:
    return isinstance(fixup, fixup_catalog.RenamedAnswer) and fixup.old in project.answers and fixup.new not in data


def _record_version(project: Project, source: TemplateSource) -> None:
    """Give a project from kgen 0.1.0 the `_src_path` and `_commit` that updates need, in a commit."""
    import yaml  # deferred, like copier (which has already imported it)

    answers = project.root / ANSWERS_FILE
    lines = answers.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(("_src_path:", "_commit:"))]
    recorded = yaml.safe_dump({"_commit": f"v{UNVERSIONED}", "_src_path": source.url}, width=1 << 16)
    position = 1 if kept and kept[0].startswith("#") else 0
    answers.write_text("".join([*kept[:position], recorded, *kept[position:]]), encoding="utf-8")
    git.run(project.root, "add", "--", ANSWERS_FILE)
    git.run(
        project.root,
        *git.identity_options(project.root),
        "commit",
        "--quiet",
        "--no-verify",
        "-m",
        f"Record the template version ({UNVERSIONED}) this project was made from, so it can be updated",
        "--",
        ANSWERS_FILE,
    )


def _changes(root: Path) -> list[tuple[str, str]]:
    changes = []
    prefix = git.run(root, "rev-parse", "--show-prefix").strip()  # porcelain paths start at the repository
    for line in git.changes(root):
        code, path = line[:2], line[3:]
        word = "conflict" if "U" in code or code in ("AA", "DD") else _STATUS.get(code.strip()[:1] or "?", "modified")
        changes.append((word, path.removeprefix(prefix)))
    return changes


def _conflicts(root: Path, changes: list[tuple[str, str]]) -> list[str]:
    """Paths left unmerged, `*.rej` files, and files holding conflict markers."""
    found = [path for word, path in changes if word == "conflict" or path.endswith(".rej")]
    for word, path in changes:
        file = root / path
        if word != "deleted" and file.is_file() and _has_markers(file):
            found.append(path)
    return found


def _has_markers(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return any(line.startswith(_MARKER) for line in text.splitlines())


def _format(root: Path, changes: list[tuple[str, str]]) -> None:
    """Format the Python files the update wrote, as `kgen new` does."""
    files = [path for word, path in changes if word in ("modified", "added") and path.endswith(".py")]
    if files:
        render.format_files(root, files, "ruff")


def _head(repository: Path) -> str:
    return git.run(repository, "rev-parse", "HEAD").strip()


@contextlib.contextmanager
def _worktree(repository: Path) -> Iterator[Path]:
    """A temporary, detached git worktree of `HEAD`; removed afterwards with whatever was done in it."""
    folder = Path(tempfile.mkdtemp(prefix="kgen-update-"))
    copy = folder / "project"
    git.run(repository, "worktree", "add", "--quiet", "--detach", str(copy), "HEAD")
    try:
        yield copy
    finally:
        git.run(repository, "worktree", "remove", "--force", str(copy), check=False)
        shutil.rmtree(folder, ignore_errors=True)
        git.run(repository, "worktree", "prune", check=False)
