"""Template histories for update tests: a git repository laid out like kgen's, with releases.

Each release commits a change to the template and a new `__version__`, as a kgen release would;
`bundle()` then builds the history the way kgen's wheel does. Projects are made and updated
through the real `kgen` command line, pointed at this history by `env()`.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable
from pathlib import Path

from kgen import git, history

REPOSITORY = Path(__file__).resolve().parents[2]


class TemplateHistory:
    """A kgen-like repository in `root`, starting from this checkout's template."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.repo = root / "template-source"
        self.url = f"https://example.invalid/{uuid.uuid4().hex}/template.git"
        shutil.copytree(REPOSITORY / "templates", self.repo / "templates", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy2(REPOSITORY / "copier.yml", self.repo / "copier.yml")
        (self.repo / "kgen").mkdir()
        git.run(self.repo, "init", "--quiet")

    @property
    def project_template(self) -> Path:
        return self.repo / "templates" / "project"

    def release(self, version: str, change: Callable[[TemplateHistory], None] | None = None) -> None:
        """Apply `change` to the template, set `__version__`, commit, and rebuild the bundle."""
        if change is not None:
            change(self)
        (self.repo / "kgen" / "__init__.py").write_text(f'__version__ = "{version}"\n', encoding="utf-8")
        git.commit_all(self.repo, f"Release {version}")
        history.build(self.repo, self.bundle, worktree=False)

    def edit(self, path: str, old: str, new: str) -> None:
        """Replace `old` (which must be there) with `new` in a template file."""
        file = self.project_template / path
        text = file.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {path}"
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    @property
    def bundle(self) -> Path:
        return self.root / "templates.bundle"

    def env(self) -> dict[str, str]:
        """The environment that points `kgen` at this history instead of its own."""
        return {
            "KGEN_TEMPLATE_BUNDLE": str(self.bundle),
            "KGEN_TEMPLATE_URL": self.url,
            "KGEN_CACHE_DIR": str(self.root / "cache"),
        }

    def git_env(self) -> dict[str, str]:
        """The environment in which plain `copier` finds `url` in the bundle, as if online."""
        return {
            "GIT_CONFIG_COUNT": "1",
            "GIT_CONFIG_KEY_0": f"url.{self.bundle}.insteadOf",
            "GIT_CONFIG_VALUE_0": self.url,
            "COPIER_CACHE_DIR": str(self.root / "plain-copier-cache"),
        }
