"""Spec: the validated answers of `kgen new`, resolved question by question.

`resolve` walks the questions in order. Each answer comes from what was given (flags, an
answers file), else from `ask` (the prompts), else from its default; it is parsed, checked
against the catalog and against the earlier answers, and the data it names is probed.
The first problem raises `InvalidAnswer` with one sentence and a hint.

`FROM_DATA` names the questions whose default the data gives; `kgen --help` shows it, so this
module loads the data probe (and its zipfile and csv) only when it resolves answers.
"""

from __future__ import annotations

import difflib
import os
import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kgen import catalog, parse
from kgen.errors import InvalidAnswer
from kgen.questions import BY_KEY, QUESTIONS, Question

if TYPE_CHECKING:
    from kgen import probe

Ask = Callable[[Question, Any, list[str]], Any]
OnInvalid = Callable[[InvalidAnswer], None]
FromData = Callable[["probe.Facts", Mapping[str, Any]], Any]
PATCH_MOST = 48
"""The largest default `patch_size`: a target crop this size trains fast and holds enough context."""


@dataclass(frozen=True)
class Spec:
    """Complete, validated answers, in question order, plus what the probe saw of the data."""

    answers: dict[str, Any]
    facts: probe.Facts

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
        """What the probe found in each CSV column, and what the project does with it.

        For a series: its rows, time order and seasons, and the windows each split gets.
        For images to images: how many, their channels, and the range of their sizes.
        For texts: the texts of each class, their words, and how many are cut.
        """
        from kgen import probe, probe_pixels, probe_series, probe_text, rules

        if self.answers.get("data_source") in probe_pixels.SOURCES:
            return probe_pixels.describe(self.facts, self.answers.get("pixel_max"))
        if self.answers.get("data_source") in ("text_folders", "text_csv"):
            column = _text_key(self.answers)
            lines = probe_text.describe(self.facts, column, self.answers["sequence_length"])
            return [f"column `{column}`: {lines[0]}", *lines[1:]] if column and lines else lines
        if self.answers.get("data_source") == "series_csv":
            splits = rules.series_splits(self.facts.num_samples, self.answers)
            windows = ", ".join(f"{count} {name}" for name, count in splits.items())
            return [*probe_series.describe(self.facts, self.answers["time_column"]), f"windows: {windows}"]
        if self.answers.get("data_source") != "csv":
            return []
        features = self.answers["feature_columns"]
        classes = self.answers.get("class_targets")
        role = "a label (0/1)" if classes is None else "a target, a number"
        roles = {column: role for column in self.answers.get("target_columns", [])}
        roles |= {column: f"a target, {count} classes" for column, count in (classes or {}).items()}
        if "target_column" in self.answers:
            roles[self.answers["target_column"]] = "the target"
        roles |= {column: "a numeric feature" for column in features}
        roles |= {column: "a categorical feature" for column in self.answers["categorical_columns"]}
        roles |= {column: "a numeric feature, gaps filled" for column in self.answers["columns_with_gaps"]}
        notes = []
        for line, column in zip(probe.describe_columns(self.facts), self.facts.column_report, strict=True):
            if column in roles:
                notes.append(f"{line} -> {roles[column]}")
            elif rules.looks_like_an_id(column, self.facts):
                notes.append(f"{line} -> left out: it looks like an id, which a model would learn by heart")
            elif rules.counts_rows(column, self.facts):
                notes.append(
                    f"{line} -> left out: its whole numbers count up by one, row after row, like an id"
                    " (`--feature-columns` keeps it)"
                )
            else:
                notes.append(f"{line} -> left out (`--feature-columns` keeps it)")
        return notes

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
    on_data: Callable[[probe.Facts], None] | None = None,
) -> Spec:
    """Validate `given` answers, asking or defaulting the rest; return the `Spec`.

    Args:
        given: Answers from flags or an answers file; `None` values count as not given.
        ask: Called as `ask(question, default, choices)` for each answer not given; without
            it, the defaults are taken.
        on_invalid: When given along with `ask`, an invalid asked answer is reported to it
            and the question is asked again; otherwise the error is raised.
        on_data: Called with what the probe found once the data path is read, before the
            questions whose defaults it gives.

    Raises:
        InvalidAnswer: The first answer that is malformed, does not fit, or names bad data.
    """
    from kgen import probe, rules  # deferred: see the module's docstring

    _check_keys(given)
    _check_alone(given)
    answers: dict[str, Any] = {}
    facts = probe.Facts()
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
            on_data(facts)
    rules.check_data(answers, facts)
    return Spec(answers, facts)


def _ask_until_valid(
    question: Question,
    answers: dict[str, Any],
    choices: list[str],
    facts: probe.Facts,
    ask: Ask | None,
    on_invalid: OnInvalid | None,
) -> probe.Facts:
    """Take the asked answer (or the default without `ask`); ask again after an invalid one."""
    default = _default(question, answers, facts)
    while True:
        raw = ask(question, default, choices) if ask else default
        try:
            return _take(question, raw, answers, choices, facts)
        except InvalidAnswer as error:
            if ask is None and question.key in FROM_DATA and "data_path" in answers:
                raise _refused_from_data(question, answers, facts, error) from None
            if ask is None or on_invalid is None:
                raise
            on_invalid(error)


def _refused_from_data(
    question: Question, answers: Mapping[str, Any], facts: probe.Facts, error: InvalidAnswer
) -> InvalidAnswer:
    """A default the user never gave, refused: say it came from the data (or that the data gave none)."""
    path = answers["data_path"]
    read = _DEFAULTS_FROM_DATA[question.key](facts, answers)
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


def _take(question: Question, raw: Any, answers: dict[str, Any], choices: list[str], facts: probe.Facts) -> probe.Facts:
    """Parse `raw` into `answers`; return the data facts, probed afresh when it names the data."""
    value = parse.parse_answer(question, raw, answers, choices)
    if question.key == "data_path":
        from kgen import probe

        facts = probe.inspect(answers["data_source"], Path(value), answers)
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


def _target_column(facts: probe.Facts, answers: Mapping[str, Any]) -> Any:
    """The last column (but the text or time column); for a series, the last numeric one."""
    columns = [
        column for column in facts.columns if column not in (answers.get("text_column"), answers.get("time_column"))
    ]
    if answers.get("data_source") == "series_csv":
        columns = [column for column in columns if column in facts.numeric_columns]
    return columns[-1] if columns else None


def _time_column(facts: probe.Facts, answers: Mapping[str, Any]) -> Any:
    from kgen import probe_series

    return probe_series.time_column(facts)


def _season(facts: probe.Facts, answers: Mapping[str, Any]) -> int:
    from kgen import probe_series

    values = facts.numbers.get(answers.get("target_column", ""))
    return probe_series.season(values) if values else 0


def _window(facts: probe.Facts, answers: Mapping[str, Any]) -> Any:
    """Two seasons of the target, when it has one (and the series has four windows' rows)."""
    season = _season(facts, answers)
    return min(2 * season, facts.num_samples // 4) or None


def _period(facts: probe.Facts, answers: Mapping[str, Any]) -> Any:
    """The target's season, when the window holds it."""
    season = _season(facts, answers)
    return season if 0 < season <= answers.get("window", 0) else None


def _value_columns(facts: probe.Facts, answers: Mapping[str, Any]) -> Any:
    """Every column meant for numbers but the time column, gaps and all: `kgen.rules` names a gap's row."""
    time = answers.get("time_column")
    return [c for c in facts.columns if c in facts.numeric_columns and c != time] or None


def _text_column(facts: probe.Facts, answers: Mapping[str, Any]) -> Any:
    from kgen import probe_text

    return probe_text.text_column(facts)


def _text_key(answers: Mapping[str, Any]) -> str:
    """Where the probe keeps the texts' lengths and words: the text column, or `""` for text files."""
    return answers.get("text_column", "")


def _sequence_length(facts: probe.Facts, answers: Mapping[str, Any]) -> Any:
    from kgen import probe_text

    return probe_text.sequence_length(facts, _text_key(answers))


def _max_tokens(facts: probe.Facts, answers: Mapping[str, Any]) -> Any:
    from kgen import probe_text

    return probe_text.max_tokens(facts, _text_key(answers))


def _target_columns(facts: probe.Facts, answers: Mapping[str, Any]) -> Any:
    """Multi-label: the last columns of the file that hold only 0 and 1 (at least the last column).

    Multi-output: the last two columns.
    """
    from kgen import probe

    if catalog.TASKS[answers["task"]].output == "multi_output":
        return facts.columns[-2:] or None
    labels = []
    for column in reversed(facts.columns):
        if not probe.holds_flags(facts, column):
            break
        labels.insert(0, column)
    return labels or facts.columns[-1:] or None


def _class_targets(facts: probe.Facts, answers: Mapping[str, Any]) -> Any:
    """The target columns with text or a few whole numbers, each with its count of values."""
    return {
        column: len(facts.distinct[column])
        for column in answers.get("target_columns", [])
        if column in facts.column_report and facts.column_report[column].kind == "categorical"
    }


def _feature_columns(facts: probe.Facts, answers: Mapping[str, Any]) -> Any:
    """Every column but the targets, and but those that look like ids or row numbers (the summary says so)."""
    from kgen import rules

    targets = {answers.get("target_column"), *answers.get("target_columns", [])}
    return [
        column
        for column in facts.columns
        if column not in targets and not rules.looks_like_an_id(column, facts) and not rules.counts_rows(column, facts)
    ] or None


def _delimiter(facts: probe.Facts, answers: Mapping[str, Any]) -> Any:
    return {char: name for name, char in catalog.DELIMITERS.items()}.get(facts.delimiter)


def _categorical_columns(facts: probe.Facts, answers: Mapping[str, Any]) -> Any:
    features = answers.get("feature_columns", [])
    return [c for c in features if c in facts.column_report and facts.column_report[c].kind == "categorical"]


def _max_categories(facts: probe.Facts, answers: Mapping[str, Any]) -> Any:
    counts = [
        facts.column_report[c].distinct for c in answers.get("categorical_columns", []) if c in facts.column_report
    ]
    return max(counts) if counts else None


def _columns_with_gaps(facts: probe.Facts, answers: Mapping[str, Any]) -> Any:
    numeric = set(answers.get("feature_columns", [])) - set(answers.get("categorical_columns", []))
    return [c for c in facts.columns if c in numeric and facts.column_report[c].empty]


def _num_classes(facts: probe.Facts, answers: Mapping[str, Any]) -> Any:
    if answers.get("data_source") in ("csv", "text_csv") and answers.get("target_column") in facts.distinct:
        return len(facts.distinct[answers["target_column"]])
    return len(facts.classes) or len(facts.distinct.get("y", ())) or None


def _npz_images(facts: probe.Facts, answers: Mapping[str, Any]) -> tuple[int, ...] | None:
    """The shape of `x` when the data is an `.npz` of images, (samples, height, width[, channels])."""
    shape = facts.x_shape
    return shape if answers.get("data_source") == "npz" and shape and len(shape) >= 3 else None


def _image_height(facts: probe.Facts, answers: Mapping[str, Any]) -> Any:
    shape = _npz_images(facts, answers)
    if shape:
        return shape[1]
    return facts.image_size[0] if facts.image_size else None


def _image_width(facts: probe.Facts, answers: Mapping[str, Any]) -> Any:
    shape = _npz_images(facts, answers)
    if shape:
        return shape[2]
    return facts.image_size[1] if facts.image_size else None


def _channels(facts: probe.Facts, answers: Mapping[str, Any]) -> Any:
    """An `.npz`'s last axis; otherwise the first image's channels (a PNG's for `image_folders`, any target's
    for the pixel sources)."""
    shape = _npz_images(facts, answers)
    if shape:
        return shape[3] if len(shape) == 4 else 1
    return facts.channels


def _mask_classes(facts: probe.Facts, answers: Mapping[str, Any]) -> Any:
    """One class per listed color, else the largest class index in the masks plus one (at least 2)."""
    if answers.get("mask_colors"):
        return len(answers["mask_colors"])
    values = [value for found in facts.mask_values.values() for value in found]
    return max(2, max(values) + 1) if values else None


def _crops_per_image(facts: probe.Facts, answers: Mapping[str, Any]) -> Any:
    """How many patches the targets' mean area holds, at least 1: an epoch's crops then cover each image about once.

    Whole patches, rounded down: an image less than two patches large gets one crop, so that
    an epoch of small images takes as many steps as a script reading each image once.
    """
    if not facts.target_sizes:
        return None
    area = sum(height * width for height, width in facts.target_sizes.values()) / len(facts.target_sizes)
    return max(1, int(area // answers["patch_size"] ** 2))


def _patch_size(facts: probe.Facts, answers: Mapping[str, Any]) -> Any:
    """Three quarters of the smallest target side (crops then move), at most `PATCH_MOST`, a multiple of the scale.

    None when that is below the question's minimum: the default then stands, and `kgen.rules`
    names the image too small for it.
    """
    if not facts.target_sizes:
        return None
    scale = answers.get("scale", 1)
    side = min(PATCH_MOST, *(min(size) * 3 // 4 for size in facts.target_sizes.values()))
    patch = max(side // scale * scale, scale)
    minimum = BY_KEY["patch_size"].minimum or 1
    return patch if patch >= minimum else None


def _pixel_max(facts: probe.Facts, answers: Mapping[str, Any]) -> Any:
    """1 when every array holds floats in [0, 1]; else 255 (whole numbers, or floats past 1, are 8-bit values)."""
    values = facts.pixel_values.values()
    if not values:
        return None
    return 1 if all(dtype.startswith("float") and high <= 1 for dtype, _, high in values) else 255


def _num_features(facts: probe.Facts, answers: Mapping[str, Any]) -> Any:
    return facts.x_shape[1] if facts.x_shape and len(facts.x_shape) == 2 else None


# Defaults read from the data: question key -> what the probe's facts say, or `None` if nothing.
_DEFAULTS_FROM_DATA: dict[str, FromData] = {
    "text_column": _text_column,
    "time_column": _time_column,
    "target_column": _target_column,
    "value_columns": _value_columns,
    "target_columns": _target_columns,
    "class_targets": _class_targets,
    "feature_columns": _feature_columns,
    "delimiter": _delimiter,
    "categorical_columns": _categorical_columns,
    "columns_with_gaps": _columns_with_gaps,
    "max_categories": _max_categories,
    "num_classes": _num_classes,
    "max_tokens": _max_tokens,
    "window": _window,
    "period": _period,
    "sequence_length": _sequence_length,
    "image_height": _image_height,
    "image_width": _image_width,
    "channels": _channels,
    "crops_per_image": _crops_per_image,
    "patch_size": _patch_size,
    "mask_classes": _mask_classes,
    "num_features": _num_features,
    "pixel_max": _pixel_max,
}
FROM_DATA = frozenset(_DEFAULTS_FROM_DATA)
"""The questions whose default comes from the data when the data says it."""


def _default(question: Question, answers: Mapping[str, Any], facts: probe.Facts) -> Any:
    """The default, preferring what the data itself says."""
    from_data = _DEFAULTS_FROM_DATA.get(question.key)
    value = from_data(facts, answers) if from_data is not None else None
    return value if value is not None else question.default_for(answers)
