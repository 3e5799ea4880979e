"""Every error kgen raises on purpose, each with its exit status (2 for bad input), printed without a traceback.

`kgen.cli` prints them in one place, `KgenGroup`.

Only the standard library is imported here: `kgen.history` uses these errors while the wheel
is built, and `kgen.spec` and `kgen.components` stay free of click.
"""

from __future__ import annotations


class KgenError(Exception):
    """A failure the user can act on; exits 1.

    Args:
        message: What happened, naming the value or path at fault.
        hint: How to fix it; shown after a blank line as `hint: ...`.

    Attributes:
        exit_code: The status the command exits with.
        prefix: What the CLI prints before the message.
    """

    exit_code = 1
    prefix = "Error: "

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


class InvalidAnswer(KgenError):
    """An answer that is malformed, unknown or incompatible with another; exits 2."""

    exit_code = 2


class DestinationError(KgenError):
    """The destination cannot take the project (not empty, a file, ...); exits 2."""

    exit_code = 2


class GitError(KgenError):
    """A git command failed."""


class HistoryError(KgenError):
    """kgen's git history cannot give the template's versions (also raised while building the wheel)."""


class UpdateRefused(KgenError):
    """The project cannot be updated as it is; nothing was changed. Exits 2."""

    exit_code = 2


class UpdateConflict(KgenError):
    """The update finished, but left conflicts for the user to resolve. Exits 1."""


class UpdateAvailable(KgenError):
    """A newer template version exists (`kgen check-update`); exits 1.

    It is news rather than a failure of kgen's, so it is printed without `Error:`.
    """

    prefix = ""


class TemplateImportsError(KgenError):
    """A template declares imports kgen cannot place: the message names the file and why; exits 1.

    A fault of kgen's own templates, found when `copier.yml` is written, never a user's input.
    """
