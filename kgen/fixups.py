"""What a template version renamed, so that `kgen update` carries projects along.

copier alone would lose work across a rename: a file the new version moved is deleted from the
project with the user's edits in it, and an answer whose question was renamed falls back to its
default. kgen applies these fix-ups around the copier call instead of copier migrations, which
would need `--trust`:

- a renamed answer is passed to copier under its new name, with the project's value;
- a renamed file gets the user's edits merged in at its new place (a 3-way merge with the
  old template version's file as the base), after copier has moved the template's part.

Each entry names the version that made the change; an update applies the entries after the
project's version up to the target version. Paths may use `{package}`.
"""

from __future__ import annotations

from dataclasses import dataclass

from kgen.source import version_key


@dataclass(frozen=True)
class RenamedFile:
    version: str
    old: str
    new: str

    def paths(self, package: str) -> tuple[str, str]:
        return self.old.format(package=package), self.new.format(package=package)


@dataclass(frozen=True)
class RenamedAnswer:
    version: str
    old: str
    new: str


Fixup = RenamedFile | RenamedAnswer

FIXUPS: tuple[Fixup, ...] = (
    # 0.2.0: custom parts moved into packages that add-layer/add-loss/add-metric add modules to.
    # In 0.1.0 the only custom loss was Charbonnier and the only custom metric PSNR.
    RenamedFile("0.2.0", "src/{package}/losses.py", "src/{package}/losses/charbonnier.py"),
    RenamedFile("0.2.0", "src/{package}/metrics.py", "src/{package}/metrics/psnr.py"),
    RenamedFile("0.2.0", "tests/test_losses.py", "tests/test_loss_charbonnier.py"),
    RenamedFile("0.2.0", "tests/test_metrics.py", "tests/test_metric_psnr.py"),
)


def between(current: str, target: str, fixups: tuple[Fixup, ...] = FIXUPS) -> list[Fixup]:
    """The fix-ups made by the versions after `current`, up to and including `target`."""
    low, high = version_key(current), version_key(target)
    return [fixup for fixup in fixups if low < version_key(fixup.version) <= high]
