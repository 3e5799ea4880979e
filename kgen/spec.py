"""Spec: the validated answers of `kgen new`, resolved question by question.

`resolve` walks the questions in order. Each answer comes from what was given (flags, an
answers file), else from `ask` (the prompts), else from its default; it is parsed, checked
against the catalog and against the earlier answers, and the data it names is read.
The first problem raises `InvalidAnswer` with one sentence and a hint.

What the data says, and the defaults it gives, come from the data source's module in
`kgen.sources`; `FROM_DATA` names the questions whose default some source reads from its data
(computed on first use, so that importing this module loads no source).
"""

from __future__ import annotations

import difflib
import os
import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kgen import catalog, parse, sources
from kgen.errors import InvalidAnswer
from kgen.questions import BY_KEY, QUESTIONS, Question

Ask = Callable[[Question, Any, list[str]], Any]
OnInvalid = Callable[[InvalidAnswer], None]


@dataclass(frozen=True)
class Spec:
    """Complete, validated answers, in question order, plus what the data source read in the data."""

    answers: dict[str, Any]
    facts: Any

    def __getitem__(self, key: str) -> Any:
        return self.answers[key]

    def copier_data(self, destination: Path) -> dict[str, Any]:
        """The answers as copier data, with the data path made relative to `destination`."""
        data = dict(self.answers)
        data_path = Path(data["data_path"]).resolve()
        data["data_path"] = Path(os.path.relpath(data_path, destination.resolve())).as_posix()
        return data

    def command_line(self, destination: Path) -> str:
        """The non-interactive `kgen new` command that makes this project again."""
        words = ["kgen", "new", str(destination)]
        for key, value in self.answers.items():
            question = BY_KEY[key]
            if question.kind == "blocks":
                for block in value:
                    words += ["--block", format_block(block)]
            else:
                words += [question.flag, format_value(value)]
        return shlex.join(words)

    def column_notes(self) -> list[str]:
        """What kgen read in the data, and what the project does with it: its data source's summary."""
        from kgen import sources

        return sources.get(self.answers["data_source"]).summary(self.facts, self.answers)

    def summary(self) -> list[tuple[str, str]]:
        """(key, value) pairs for the summary printed before writing."""
        rows = []
        for key, value in self.answers.items():
            shown = " ".join(format_block(b) for b in value) if BY_KEY[key].kind == "blocks" else format_value(value)
            rows.append((key, shown))
        return rows


def format_value(value: Any) -> str:
    """An answer as it is written on the command line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(str(item) for item in value)
    if isinstance(value, dict):
        return ",".join(f"{key}={item:g}" for key, item in value.items())
    return str(value)


def format_block(block: Mapping[str, Any]) -> str:
    """A block as `name:key=value,...`."""
    params = ",".join(f"{key}={format_value(value)}" for key, value in block.items() if key != "block")
    return f"{block['block']}:{params}" if params else str(block["block"])


def resolve(
    given: Mapping[str, Any],
    ask: Ask | None = None,
    on_invalid: OnInvalid | None = None,
    on_data: Callable[[str, Any], None] | None = None,
) -> Spec:
    """Validate `given` answers, asking or defaulting the rest; return the `Spec`.

    Args:
        given: Answers from flags or an answers file; `None` values count as not given.
        ask: Called as `ask(question, default, choices)` for each answer not given; without
            it, the defaults are taken.
        on_invalid: When given along with `ask`, an invalid asked answer is reported to it
            and the question is asked again; otherwise the error is raised.
        on_data: Called with the data source and what it read, once the data path is read,
            before the questions whose defaults it gives.

    Raises:
        InvalidAnswer: The first answer that is malformed, does not fit, or names bad data.
    """
    from kgen import rules

    _check_keys(given)
    _check_alone(given)
    answers: dict[str, Any] = {}
    facts: Any = None  # until the data path is read
    for question in QUESTIONS:
        if not question.asked(answers):
            if given.get(question.key) is not None:
                _refuse_unasked(question, answers)
            continue
        choices = _offered(question, answers)
        if given.get(question.key) is not None:
            facts = _take(question, given[question.key], answers, choices, facts)
        else:
            facts = _ask_until_valid(question, answers, choices, facts, ask, on_invalid)
        if question.key == "data_path" and on_data is not None:
            on_data(answers["data_source"], facts)
    rules.check_data(answers, facts)
    return Spec(answers, facts)


def _ask_until_valid(
    question: Question,
    answers: dict[str, Any],
    choices: list[str],
    facts: Any,
    ask: Ask | None,
    on_invalid: OnInvalid | None,
) -> Any:
    """Take the asked answer (or the default without `ask`); ask again after an invalid one."""
    default = _default(question, answers, facts)
    while True:
        raw = ask(question, default, choices) if ask else default
        try:
            return _take(question, raw, answers, choices, facts)
        except InvalidAnswer as error:
            if ask is None and question.key in sources.from_data() and "data_path" in answers:
                raise _refused_from_data(question, answers, facts, error) from None
            if ask is None or on_invalid is None:
                raise
            on_invalid(error)


def _refused_from_data(
    question: Question, answers: Mapping[str, Any], facts: Any, error: InvalidAnswer
) -> InvalidAnswer:
    """A default the user never gave, refused: say it came from the data (or that the data gave none)."""
    path = answers["data_path"]
    read = _from_data(question, answers, facts)
    if read is None:
        help_text = question.help[:1].lower() + question.help[1:] if question.help[1:2].islower() else question.help
        return InvalidAnswer(f"kgen found no `{question.key}` in `{path}`", hint=f"pass `{question.flag}`: {help_text}")
    if question.kind in ("int", "float"):
        return InvalidAnswer(
            f"{error}: kgen read `{read}` from `{path}`", hint=f"{error.hint}, in the data or by `{question.flag}`"
        )
    return error


def _check_alone(given: Mapping[str, Any]) -> None:
    """Refuse given answers that are wrong whatever the others are, before any prompt."""
    for key, raw in given.items():
        question = BY_KEY.get(key)
        if raw is None or question is None or question.kind in ("blocks", "columns", "column_subset"):
            continue
        everything = list(question.choices.entries) if question.choices else []
        if question.kind == "choice":
            raw = [raw]
        if question.choices:
            for value in parse.split_list(raw):
                if value not in everything:
                    parse.check_choice(question, value, {}, everything)
        else:
            parse.parse_answer(question, raw, {}, [])


def _offered(question: Question, answers: Mapping[str, Any]) -> list[str]:
    """The catalog names that fit the answers so far: choices, or the blocks of the task."""
    if question.kind == "blocks":
        return catalog.blocks_for(answers["task"])
    return question.choices.names(answers) if question.choices else []


def _take(question: Question, raw: Any, answers: dict[str, Any], choices: list[str], facts: Any) -> Any:
    """Parse `raw` into `answers`; return the data facts, read afresh when it names the data."""
    value = parse.parse_answer(question, raw, answers, choices)
    if question.key == "data_path":
        facts = sources.inspect(answers["data_source"], Path(value), answers)
    answers[question.key] = value
    return facts


def _check_keys(given: Mapping[str, Any]) -> None:
    for key in given:
        if key.startswith("_") or key in BY_KEY:
            continue
        close = difflib.get_close_matches(key, list(BY_KEY), n=1)
        hint = f"did you mean `{close[0]}`?" if close else "the keys are: " + ", ".join(BY_KEY)
        raise InvalidAnswer(f"unknown answer `{key}`", hint=hint)


def _refuse_unasked(question: Question, answers: Mapping[str, Any]) -> None:
    assert question.when is not None
    when = question.when.failing(answers)
    assert when is not None
    raise InvalidAnswer(
        f"`{question.key}` does not apply when {when.key} is `{answers.get(when.key)}`",
        hint=f"leave it out: it applies where {when.describe()}",
    )


def __getattr__(name: str) -> Any:
    """`FROM_DATA`: the questions whose default comes from the data when the data says it.

    Found in the data sources' modules, which are loaded on first use only: `kgen --help`
    needs none of them.
    """
    if name == "FROM_DATA":
        return sources.from_data()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _from_data(question: Question, answers: Mapping[str, Any], facts: Any) -> Any:
    """What the data says the answer is, or `None` when it does not say (or is not read yet)."""
    if facts is None:
        return None
    from_data = sources.get(answers["data_source"]).DEFAULTS.get(question.key)
    return from_data(facts, answers) if from_data is not None else None


def _default(question: Question, answers: Mapping[str, Any], facts: Any) -> Any:
    """The default, preferring what the data itself says."""
    value = _from_data(question, answers, facts)
    return value if value is not None else question.default_for(answers)
