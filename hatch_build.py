"""Wheel build hook: ship the template's version history as a git bundle inside kgen.

The bundle is built from this repository's git history by `kgen.history` (standard library
only), so the versions come from what is committed, not from tags. A source archive carries
the bundle built when it was made, since it has no git history of its own.
"""

from __future__ import annotations

import sys
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

BUNDLE = "templates.bundle"


class TemplateHistoryHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name == "wheel" and version == "editable":
            return  # an editable install reads the checkout's history at run time
        root = Path(self.root)
        bundle = self._bundle(root)
        target = f"kgen/_template/{BUNDLE}" if self.target_name == "wheel" else BUNDLE
        build_data["force_include"][str(bundle)] = target

    def _bundle(self, root: Path) -> Path:
        if not (root / ".git").exists():
            shipped = root / BUNDLE
            if shipped.is_file():
                return shipped
            raise RuntimeError("kgen's wheel needs its git history (or the bundle of a source archive) to build")
        sys.path.insert(0, str(root))
        try:
            from kgen import history
        finally:
            sys.path.pop(0)
        bundle = root / "build" / "template-history" / BUNDLE
        found = history.build(root, bundle)
        self.app.display_info("template versions: " + ", ".join(version.tag for version in found))
        return bundle
