"""The few git operations kgen performs on a project: init, commit, status, worktrees."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from kgen.errors import GitError

# Used for kgen's own commits only when the user has no git identity configured.
_FALLBACK_IDENTITY = {"user.name": "kgen", "user.email": "kgen@localhost"}


def available() -> bool:
    return shutil.which("git") is not None


def run(where: Path, *args: str, check: bool = True) -> str:
    """Run `git -C where ARGS` and return its standard output.

    Raises:
        GitError: git failed and `check` is set.
    """
    result = subprocess.run(["git", "-C", str(where), *args], capture_output=True, text=True, check=False)
    if check and result.returncode != 0:
        message = result.stderr.strip() or result.stdout.strip()
        raise GitError(f"`git {' '.join(args)}` failed in `{where}`: {message}", hint="see git's message above")
    return result.stdout


def toplevel(path: Path) -> Path | None:
    """The root of the git work tree holding `path`, or `None` outside one."""
    if not available():
        return None
    result = subprocess.run(
        ["git", "-C", str(path), "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=False
    )
    return Path(result.stdout.strip()) if result.returncode == 0 else None


def init_and_commit(root: Path, message: str) -> None:
    """Make `root` a git repository whose first commit holds every file in it."""
    run(root, "init", "--quiet")
    commit_all(root, message)


def commit_all(root: Path, message: str) -> None:
    """Stage everything under `root` and commit it, with a stand-in identity if the user has none."""
    run(root, "add", "--all", "--", ".")
    run(root, *identity_options(root), "commit", "--quiet", "--no-verify", "-m", message)


def changes(root: Path) -> list[str]:
    """`git status --porcelain` lines for `root`, untracked files included."""
    output = run(root, "status", "--porcelain", "--untracked-files=all", "--", ".")
    return [line for line in output.splitlines() if line]


def identity_options(root: Path) -> list[str]:
    """`-c user.name=... -c user.email=...` for what the user has not configured, else nothing."""
    options = []
    for key, value in _FALLBACK_IDENTITY.items():
        variable = "GIT_AUTHOR_NAME" if key == "user.name" else "GIT_AUTHOR_EMAIL"
        if not os.environ.get(variable) and not run(root, "config", key, check=False).strip():
            options += ["-c", f"{key}={value}"]
    return options
