"""Build the template's version history from kgen's own git history, as a git bundle.

`copier update` needs the template version a project was made from, as a git commit, and the
version to go to. kgen does not rely on git tags: a template version is the state of
`copier.yml` and `templates/` at the last commit whose `kgen/__init__.py` holds that
`__version__`. This module replays those states as a linear history of template-only commits,
one per version, tagged `v<version>`, and writes it as a bundle.

The commits are deterministic (same content, parent, author, date and message), so every build
gives every old version the same commit id, and a bundle built by a later kgen can update the
projects an earlier one made. A working tree that differs from `HEAD` becomes the newest
version, so a checkout renders what it holds.

Only the standard library and `kgen.errors` (standard library only itself) are used: the
wheel's build hook imports this module from the source tree.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kgen.errors import HistoryError

VERSION_FILE = "kgen/__init__.py"
TEMPLATE_PATHS = ("copier.yml", "templates")
TAG_PREFIX = "v"
_VERSION = re.compile(r"""^__version__\s*=\s*["']([^"']+)["']""", re.MULTILINE)
_IDENTITY = {
    "GIT_AUTHOR_NAME": "kgen",
    "GIT_AUTHOR_EMAIL": "kgen@localhost",
    "GIT_COMMITTER_NAME": "kgen",
    "GIT_COMMITTER_EMAIL": "kgen@localhost",
}


@dataclass(frozen=True)
class Version:
    """One template version: its number and where its files come from.

    Attributes:
        number: The `__version__` string, e.g. `0.2.0`.
        commit: The source commit, or `None` for the working tree.
        date: The source commit's committer date, in seconds since the epoch.
    """

    number: str
    commit: str | None
    date: int

    @property
    def tag(self) -> str:
        return TAG_PREFIX + self.number


def versions(repo: Path, *, worktree: bool = True) -> list[Version]:
    """The template versions in `repo`'s first-parent history, oldest first.

    Args:
        repo: A kgen source checkout.
        worktree: Let the working tree's files stand for the newest version.

    A shallow clone yields only the versions its commits reach.

    Raises:
        HistoryError: `repo` is not a git checkout.
    """
    commits = _git(repo, "rev-list", "--first-parent", "--reverse", "--format=%H %ct", "HEAD").splitlines()
    changes = set(_git(repo, "log", "--first-parent", "--format=%H", "--", VERSION_FILE).split())
    last: dict[str, Version] = {}
    number = None
    for line in commits:
        if line.startswith("commit "):
            continue
        commit, date = line.split()
        if commit in changes or number is None:
            number = _version_at(repo, commit)
        if number:
            last.pop(number, None)  # keep the order of each version's last commit
            last[number] = Version(number, commit, int(date))
    last = {number: version for number, version in last.items() if _has_template(repo, version.commit)}
    if worktree and _worktree_differs(repo):
        number = _read_version((repo / VERSION_FILE).read_text(encoding="utf-8"))
        head_date = int(_git(repo, "show", "-s", "--format=%ct", "HEAD"))
        last.pop(number, None)
        last[number] = Version(number, None, head_date)
    return list(last.values())


def build(repo: Path, bundle: Path, *, worktree: bool = True, work: Path | None = None) -> list[Version]:
    """Write the template's versions in `repo` to `bundle`, one tagged commit each.

    Args:
        repo: A kgen source checkout.
        bundle: The bundle file to write (replaced atomically).
        worktree: Let the working tree's files stand for the newest version.
        work: A bare repository to build in, kept between builds; a temporary one when `None`.

    Returns:
        The versions written, oldest first.

    Raises:
        HistoryError: The history holds no template version, or git failed.
    """
    found = versions(repo, worktree=worktree)
    if not found:
        raise HistoryError(f"no commit of `{repo}` holds both copier.yml and templates/")
    with _work_repo(repo, work) as git_dir:
        parent = None
        for version in found:
            tree = _template_tree(repo, git_dir, version.commit)
            parent = _commit(git_dir, tree, parent, version)
            _git(git_dir, "update-ref", f"refs/tags/{version.tag}", parent)
        _git(git_dir, "update-ref", "refs/heads/main", parent)
        partial = bundle.with_name(bundle.name + f".{os.getpid()}.partial")
        bundle.parent.mkdir(parents=True, exist_ok=True)
        _git(git_dir, "bundle", "create", "--quiet", str(partial), "--all")
        partial.replace(bundle)
    return found


def _version_at(repo: Path, commit: str) -> str | None:
    try:
        return _read_version(_git(repo, "show", f"{commit}:{VERSION_FILE}"))
    except HistoryError:
        return None


def _read_version(text: str) -> str | None:
    match = _VERSION.search(text)
    return match.group(1) if match else None


def _has_template(repo: Path, commit: str) -> bool:
    entries = _git(repo, "ls-tree", "--name-only", commit, "--", *TEMPLATE_PATHS).split()
    return sorted(entries) == sorted(TEMPLATE_PATHS)


def _worktree_differs(repo: Path) -> bool:
    """Whether the template or the version in the working tree differ from `HEAD`."""
    status = _git(repo, "status", "--porcelain", "--untracked-files=all", "--", *TEMPLATE_PATHS, VERSION_FILE)
    return bool(status.strip())


@contextlib.contextmanager
def _work_repo(repo: Path, work: Path | None) -> Iterator[Path]:
    """A bare repository that borrows `repo`'s objects, so only new objects are written."""
    temporary = None
    if work is None:
        temporary = Path(tempfile.mkdtemp(prefix="kgen-history-"))
        work = temporary / "history.git"
    try:
        if not (work / "objects").is_dir():
            work.parent.mkdir(parents=True, exist_ok=True)
            _git(work.parent, "init", "--quiet", "--bare", str(work))
        objects = Path(_git(repo, "rev-parse", "--path-format=absolute", "--git-common-dir")) / "objects"
        (work / "objects" / "info").mkdir(parents=True, exist_ok=True)
        (work / "objects" / "info" / "alternates").write_text(f"{objects}\n", encoding="utf-8")
        yield work
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)


def _template_tree(repo: Path, git_dir: Path, commit: str | None) -> str:
    """A tree holding only the template's files, from a commit or from the working tree."""
    if commit is not None:
        entries = _git(repo, "ls-tree", commit, "--", *TEMPLATE_PATHS)
        return _git(git_dir, "mktree", input=entries + "\n")
    index = git_dir / f"index.{os.getpid()}"
    env = {"GIT_INDEX_FILE": str(index)}
    try:
        index.unlink(missing_ok=True)
        _git(git_dir, "-c", "core.bare=false", f"--work-tree={repo}", "add", "--", *TEMPLATE_PATHS, env=env)
        return _git(git_dir, "write-tree", env=env)
    finally:
        index.unlink(missing_ok=True)


def _commit(git_dir: Path, tree: str, parent: str | None, version: Version) -> str:
    date = f"{version.date} +0000"
    env = {**_IDENTITY, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    parents = ["-p", parent] if parent else []
    return _git(git_dir, "commit-tree", tree, *parents, "-m", f"kgen template {version.number}", env=env)


def _git(where: Path, *args: str, env: dict[str, str] | None = None, input: str | None = None) -> str:
    """Run git in a work tree or, when `where` is a bare repository, on it; return its output."""
    location = ["--git-dir", str(where)] if where.suffix == ".git" else ["-C", str(where)]
    clean_env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    command = ["git", *location, *args]
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, check=False, input=input, env={**clean_env, **(env or {})}
        )
    except FileNotFoundError:
        raise HistoryError("git is not installed") from None
    if result.returncode != 0:
        raise HistoryError(f"`git {' '.join(args)}` failed in `{where}`: {result.stderr.strip()}")
    return result.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    """`python -m kgen.history BUNDLE [REPO]`: write the bundle and list its versions."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    if not 1 <= len(args) <= 2:
        print("usage: python -m kgen.history BUNDLE [REPO]", file=sys.stderr)
        return 2
    repo = Path(args[1] if len(args) == 2 else ".").resolve()
    try:
        found = build(repo, Path(args[0]).resolve())
    except HistoryError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    for version in found:
        print(f"{version.tag}\t{version.commit or 'working tree'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
