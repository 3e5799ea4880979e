"""What the kinds of choice share: a parameter, a table by name, and the smallest choices."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Param:
    """A parameter of a choice (a block, an optimizer, a schedule, a ready-made part).

    Args:
        name: Keyword used in answers, flags (`conv:filters=32`) and templates.
        kind: `int`, `float`, `bool` or `str`.
        default: Value used when the answer leaves the parameter out.
        help: One line for prompts and `--help`.
        choices: Allowed values, for `str` parameters with a fixed set.
        minimum: Smallest allowed value, for numbers.
    """

    name: str
    kind: str
    default: object
    help: str
    choices: tuple[str, ...] = ()
    minimum: float | None = None


def by_name(*entries):  # type: ignore[no-untyped-def]
    """A table of choices: each entry under its name, in the order given (the order kgen offers them)."""
    return {entry.name: entry for entry in entries}


# The formatters kgen can run over the emitted code (`--formatter`).
FORMATTERS = ("ruff", "black")
