"""Where answers come from besides flags: the terminal prompts and an answers file.

`ask` is what `kgen.spec.resolve` calls for each question that has no answer yet. It shows
what fits, takes a name or a number, and returns the raw text: `kgen.spec` parses and
validates it, and `show_invalid` tells the user why an answer was refused before it is
asked again.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from kgen import catalog
from kgen.errors import InvalidAnswer
from kgen.questions import Question
from kgen.spec import format_block, format_value

NO_CHOICE = "none"


def ask(question: Question, default: Any, choices: list[str], *, listed: bool = False) -> Any:
    """Ask one question on the terminal.

    Args:
        question: The question to ask.
        default: The answer taken when the user just presses Enter.
        choices: The catalog names that fit the answers so far (blocks for `blocks`).
        listed: The choices are on the screen already, above the refusal of the last answer:
            ask again without listing them, so that the refusal stays in sight.

    Returns:
        The raw answer (a string, or a bool for yes/no questions), for `kgen.spec` to parse.
    """
    if question.kind == "bool":
        return click.confirm(question.help, default=bool(default), err=True)
    if question.kind in ("choice", "multichoice"):
        return _ask_choice(question, default, choices, listed)
    if question.kind == "blocks":
        return _ask_blocks(question, default, choices, listed)
    return click.prompt(question.help, default=format_value(default), err=True)


class Terminal:
    """The prompts of one `kgen new`: each question's choices are listed the first time it is asked only.

    `kgen.spec.resolve` asks a question again only after refusing its answer, and the refusal
    is printed just before: listing the choices again would push it off the screen.
    """

    def __init__(self) -> None:
        self._asked: set[str] = set()

    def ask(self, question: Question, default: Any, choices: list[str]) -> Any:
        """Ask as `ask` does, listing the choices only the first time."""
        listed = question.key in self._asked
        self._asked.add(question.key)
        return ask(question, default, choices, listed=listed)


def show_invalid(error: InvalidAnswer) -> None:
    """Tell the user why an answer was refused; the question is then asked again."""
    click.echo(f"Error: {error}", err=True)
    if error.hint:
        click.echo(f"hint: {error.hint}", err=True)


def show_columns(source: str, facts: Any) -> None:
    """Before the questions the data decides: what the data source read in the data (what each
    column of a CSV holds, what the texts or images are like)."""
    from kgen import sources

    for heading, lines in sources.get(source).preview(facts):
        if lines:
            click.echo(heading, err=True)
            click.echo("\n".join(f"  {line}" for line in lines), err=True)


def no_terminal(question: Question, default: Any, choices: list[str]) -> Any:
    """Stand in for `ask` when there is no terminal: refuse instead of waiting for input.

    Raises:
        InvalidAnswer: Always, naming the question and the flag that answers it.
    """
    flag = "--block" if question.kind == "blocks" else question.flag
    raise InvalidAnswer(
        f"question `{question.key}` needs an answer and there is no terminal to ask",
        hint=f"pass `{flag}`, or `--defaults` to take the default answers",
    )


def _ask_choice(question: Question, default: Any, choices: list[str], listed: bool) -> str:
    assert question.choices is not None
    multiple = question.kind == "multichoice"
    if not listed:
        click.echo(f"{question.help}:", err=True)
        width = max(map(len, choices), default=0)
        for number, name in enumerate(choices, start=1):
            click.echo(f"  {number:>2}. {name:<{width}}  {question.choices.entries[name]}", err=True)
    prompt = "Names or numbers, comma-separated" if multiple else "Name or number"
    shown = (format_value(default) or NO_CHOICE) if multiple else str(default)
    answer = click.prompt(prompt, default=shown, err=True)
    words = re.split(r"[,\s]+", answer.strip()) if multiple else [answer.strip()]
    if multiple and words == [NO_CHOICE]:
        return ""
    return ",".join(_by_number(word, choices) for word in words if word)


def _by_number(word: str, choices: list[str]) -> str:
    """The name a number stands for; anything else unchanged, for `kgen.spec` to judge."""
    if word.isdigit() and 1 <= int(word) <= len(choices):
        return choices[int(word) - 1]
    return word


def _ask_blocks(question: Question, default: Any, choices: list[str], listed: bool) -> str:
    """The blocks that fit, then the prompt; its example is the task's default blocks, by name."""
    if not listed:
        click.echo("Blocks that fit this task, with their parameters and defaults:", err=True)
        width = max(map(len, choices), default=0)
        for name in choices:
            block = catalog.BLOCKS[name]
            click.echo(f"  {name:<{width}}  {block.help}", err=True)
            for param in block.params:
                value = f"{param.name}={format_value(param.default)}"
                click.echo(f"  {'':<{width}}    {value:<18} {param.help}", err=True)
        click.echo("Write them in order, separated by spaces, as `name:key=value,key=value`.", err=True)
    shown = " ".join(format_block(block) for block in default)
    example = " ".join(str(block["block"]) for block in default)
    prompt = f"{question.help}, e.g. `{example}`" if example else question.help
    return str(click.prompt(prompt, default=shown, err=True))


def read_answers(path: Path) -> dict[str, Any]:
    """Answers from a YAML file, such as an example or a project's `.copier-answers.yml`.

    Keys starting with `_` (copier's `_src_path`, `_commit`) are left out. A relative
    `data_path` is taken relative to the file's folder, where a project's answers file
    keeps it.

    Raises:
        InvalidAnswer: The file is not YAML, or does not hold a mapping.
    """
    import yaml  # deferred: `kgen --help` must not pay for it

    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        reason = str(error).splitlines()[0]
        raise InvalidAnswer(
            f"cannot read answers file `{path}`: {reason}", hint="write it as YAML `key: value` lines"
        ) from None
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, Mapping):
        raise InvalidAnswer(
            f"answers file `{path}` does not hold a mapping", hint="write it as YAML `key: value` lines"
        )
    answers = {str(key): value for key, value in loaded.items() if not str(key).startswith("_")}
    data_path = answers.get("data_path")
    if isinstance(data_path, str) and not Path(data_path).is_absolute():
        answers["data_path"] = os.path.normpath(path.parent / data_path)
    return answers
