"""Errors that users can fix. The CLI prints them without a traceback."""

from __future__ import annotations


class KgenError(Exception):
    """A failure the user can act on; exits 1.

    Args:
        message: What happened, naming the value or path at fault.
        hint: How to fix it; shown after a blank line as `hint: ...`.
    """

    exit_code = 1

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


class InvalidAnswer(KgenError):
    """An answer that is malformed, unknown or incompatible with another; exits 2."""

    exit_code = 2


class DestinationError(KgenError):
    """The destination cannot take the project (not empty, a file, ...); exits 2."""

    exit_code = 2
