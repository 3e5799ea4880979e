"""Spec: the validated answers of `kgen new`, and every rule that makes answers fit together.

`resolve` walks the questions in order. Each answer comes from what was given (flags, an
answers file), else from `ask` (the prompts), else from its default; it is parsed, checked
against the catalog and against the earlier answers, and the data it names is probed.
The first problem raises `InvalidAnswer` with one sentence and a hint.
"""

from __future__ import annotations

import difflib
import os
import re
import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kgen import catalog, probe
from kgen.errors import InvalidAnswer
from kgen.questions import BY_KEY, QUESTIONS, Question

Ask = Callable[[Question, Any, list[str]], Any]
OnInvalid = Callable[[InvalidAnswer], None]

_TARGET_PHRASES = {
    "binary": "one sigmoid unit (two classes)",
    "multiclass": "a softmax over three or more classes",
    "continuous": "one linear unit (a real number)",
}
_LABEL_PHRASES = {
    "binary": "0/1 labels",
    "sparse": "labels as class indices",
    "one_hot": "one-hot labels",
    "continuous": "real-valued targets",
}
_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off"}


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
    return str(value)


def format_block(block: Mapping[str, Any]) -> str:
    """A block as `name:key=value,...`."""
    params = ",".join(f"{key}={format_value(value)}" for key, value in block.items() if key != "block")
    return f"{block['block']}:{params}" if params else str(block["block"])


def resolve(given: Mapping[str, Any], ask: Ask | None = None, on_invalid: OnInvalid | None = None) -> Spec:
    """Validate `given` answers, asking or defaulting the rest; return the `Spec`.

    Args:
        given: Answers from flags or an answers file; `None` values count as not given.
        ask: Called as `ask(question, default, choices)` for each answer not given; without
            it, the defaults are taken.
        on_invalid: When given along with `ask`, an invalid asked answer is reported to it
            and the question is asked again; otherwise the error is raised.

    Raises:
        InvalidAnswer: The first answer that is malformed, does not fit, or names bad data.
    """
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
            continue
        default = _default(question, answers, facts)
        while True:
            raw = ask(question, default, choices) if ask else default
            try:
                facts = _take(question, raw, answers, choices, facts)
                break
            except InvalidAnswer as error:
                if ask is None or on_invalid is None:
                    raise
                on_invalid(error)
    _check_data(answers, facts)
    return Spec(answers, facts)


def _check_alone(given: Mapping[str, Any]) -> None:
    """Refuse given answers that are wrong whatever the others are, before any prompt."""
    for key, raw in given.items():
        question = BY_KEY.get(key)
        if raw is None or question is None or question.kind in ("blocks", "columns"):
            continue
        everything = list(question.choices.entries) if question.choices else []
        if question.kind == "choice":
            raw = [raw]
        if question.choices:
            for value in _split_list(raw):
                if value not in everything:
                    _check_choice(question, value, {}, everything)
        else:
            _parse(question, raw, {}, [])


def _offered(question: Question, answers: Mapping[str, Any]) -> list[str]:
    """The catalog names that fit the answers so far: choices, or the blocks of the task."""
    if question.kind == "blocks":
        return catalog.blocks_for(answers["task"])
    return question.choices.names(answers) if question.choices else []


def _take(question: Question, raw: Any, answers: dict[str, Any], choices: list[str], facts: probe.Facts) -> probe.Facts:
    """Parse `raw` into `answers`; return the data facts, probed afresh when it names the data."""
    value = _parse(question, raw, answers, choices)
    if question.key == "data_path":
        facts = probe.inspect(answers["data_source"], Path(value))
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
    when = question.when
    assert when is not None
    raise InvalidAnswer(
        f"`{question.key}` does not apply when {when.key} is `{answers.get(when.key)}`",
        hint=f"leave it out, or choose {when.key} from " + ", ".join(f"`{value}`" for value in when.values),
    )


def _default(question: Question, answers: Mapping[str, Any], facts: probe.Facts) -> Any:
    """The default, preferring what the data itself says."""
    from_data = {
        "target_column": facts.columns[-1] if facts.columns else None,
        "feature_columns": [
            c for c in facts.columns if c != answers.get("target_column") and c in facts.numeric_columns
        ]
        or None,
        "num_classes": len(facts.classes) or len(facts.distinct.get("y", ())) or None,
        "image_height": facts.image_size[0] if facts.image_size else None,
        "image_width": facts.image_size[1] if facts.image_size else None,
        "channels": facts.channels,
        "num_features": facts.x_shape[1] if facts.x_shape and len(facts.x_shape) == 2 else None,
    }
    if answers.get("data_source") == "npz" and facts.x_shape and len(facts.x_shape) >= 3:
        from_data["image_height"], from_data["image_width"] = facts.x_shape[1:3]
        from_data["channels"] = facts.x_shape[3] if len(facts.x_shape) == 4 else 1
    if answers.get("data_source") == "csv" and answers.get("target_column") in facts.distinct:
        from_data["num_classes"] = len(facts.distinct[answers["target_column"]])
    value = from_data.get(question.key)
    return value if value is not None else question.default_for(answers)


def _parse(question: Question, raw: Any, answers: Mapping[str, Any], choices: list[str]) -> Any:
    parser = {
        "str": _parse_str,
        "int": _parse_number,
        "float": _parse_number,
        "bool": _parse_bool,
        "choice": _parse_choice,
        "multichoice": _parse_multichoice,
        "columns": _parse_columns,
        "blocks": _parse_blocks,
    }[question.kind]
    return parser(question, raw, answers, choices)


def _parse_str(question: Question, raw: Any, answers: Mapping[str, Any], choices: list[str]) -> str:
    value = str(raw).strip()
    if question.pattern and not re.fullmatch(question.pattern, value):
        raise InvalidAnswer(
            f"{question.key} `{value}` is not valid",
            hint=f"{question.help[:1].lower() + question.help[1:]} (pattern `{question.pattern}`)",
        )
    if question.key == "package" and value in _RESERVED_PACKAGES:
        raise InvalidAnswer(f"package `{value}` would hide the library of that name", hint="pick another name")
    if not value:
        raise InvalidAnswer(f"{question.key} is empty", hint=question.help)
    return value


_RESERVED_PACKAGES = {"keras", "tensorflow", "numpy", "test", "tests", "data", "kgen", "src"}


def _parse_number(question: Question, raw: Any, answers: Mapping[str, Any], choices: list[str]) -> int | float:
    kind = int if question.kind == "int" else float
    try:
        if isinstance(raw, bool) or (kind is int and isinstance(raw, float) and not raw.is_integer()):
            raise ValueError
        value = kind(raw)
    except (TypeError, ValueError):
        expected = "a whole number" if kind is int else "a number"
        raise InvalidAnswer(
            f"{question.key} `{raw}` is not {expected}", hint=f"give {expected}, e.g. `{question.default_for(answers)}`"
        ) from None
    _check_range(question.key, value, question.minimum, question.maximum)
    return value


def _check_range(key: str, value: float, minimum: float | None, maximum: float | None) -> None:
    if minimum is not None and value < minimum:
        raise InvalidAnswer(f"{key} `{value}` is too small", hint=f"use at least {minimum:g}")
    if maximum is not None and value > maximum:
        raise InvalidAnswer(f"{key} `{value}` is too large", hint=f"use at most {maximum:g}")


def _parse_bool(question: Question, raw: Any, answers: Mapping[str, Any], choices: list[str]) -> bool:
    return _to_bool(question.key, raw)


def _to_bool(key: str, raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in _TRUE | _FALSE:
        return text in _TRUE
    raise InvalidAnswer(f"{key} `{raw}` is not true or false", hint="use `true` or `false`")


def _parse_choice(question: Question, raw: Any, answers: Mapping[str, Any], choices: list[str]) -> str:
    value = str(raw).strip()
    _check_choice(question, value, answers, choices)
    return value


def _parse_multichoice(question: Question, raw: Any, answers: Mapping[str, Any], choices: list[str]) -> list[str]:
    values = _split_list(raw)
    for value in values:
        _check_choice(question, value, answers, choices)
    if len(set(values)) != len(values):
        raise InvalidAnswer(f"{question.key} lists a choice twice: {', '.join(values)}", hint="name each once")
    return values


def _split_list(raw: Any) -> list[str]:
    if isinstance(raw, str):
        return [item.strip() for item in re.split(r"[,\s]+", raw) if item.strip()]
    if isinstance(raw, (list, tuple)):
        return [str(item).strip() for item in raw]
    raise InvalidAnswer(f"`{raw}` is not a list", hint="give a comma-separated list, or a YAML list")


def _check_choice(question: Question, value: str, answers: Mapping[str, Any], choices: list[str]) -> None:
    assert question.choices is not None
    if value in choices:
        return
    offered = ", ".join(f"`{name}`" for name in choices)
    if value not in question.choices.entries:
        close = difflib.get_close_matches(value, list(question.choices.entries), n=1)
        hint = (f"did you mean `{close[0]}`? " if close else "") + f"choose one of {offered}"
        noun = question.key.removesuffix("s") if question.kind == "multichoice" else question.key
        raise InvalidAnswer(f"unknown {noun} `{value}`", hint=hint)
    raise InvalidAnswer(_misfit_message(question.key, value, answers), hint=f"choose one of {offered}")


def _misfit_message(key: str, value: str, answers: Mapping[str, Any]) -> str:
    task = catalog.TASKS[answers["task"]]
    if key == "loss":
        loss = catalog.LOSSES[value]
        trains = " or ".join(_TARGET_PHRASES[t] for t in sorted(loss.targets))
        return f"loss `{value}` expects {trains}, but task `{task.name}` ends in {_TARGET_PHRASES[task.target]}"
    if key == "metrics":
        labels = catalog.LOSSES[answers["loss"]].labels
        return f"metric `{value}` cannot read {_LABEL_PHRASES[labels]}, which loss `{answers['loss']}` trains on"
    if key == "data_source":
        return f"data source `{value}` does not hold the {task.input} inputs of task `{task.name}`"
    return f"{key} `{value}` does not fit the answers before it"


def _parse_columns(question: Question, raw: Any, answers: Mapping[str, Any], choices: list[str]) -> list[str]:
    columns = [c for c in (raw.split(",") if isinstance(raw, str) else list(raw))]
    columns = [str(c).strip() for c in columns if str(c).strip()]
    if not columns:
        raise InvalidAnswer("no feature columns given", hint="name the CSV columns the model reads, comma-separated")
    return columns


def _parse_blocks(question: Question, raw: Any, answers: Mapping[str, Any], choices: list[str]) -> list[dict[str, Any]]:
    items = raw.split() if isinstance(raw, str) else list(raw)
    blocks = [parse_block(item, answers["task"]) for item in items]
    flat = [b["block"] for b in blocks if not catalog.BLOCKS[b["block"]].spatial]
    for index, block in enumerate(blocks):
        if catalog.BLOCKS[block["block"]].spatial and any(
            not catalog.BLOCKS[b["block"]].spatial for b in blocks[:index]
        ):
            raise InvalidAnswer(
                f"block `{block['block']}` (number {index + 1}) comes after a `{flat[0]}` block",
                hint="image blocks work on feature maps: put them before the first `dense` block",
            )
    return blocks


def parse_block(item: Any, task: str) -> dict[str, Any]:
    """One block from `name:key=value,...` or a mapping, with every parameter filled in."""
    if isinstance(item, Mapping):
        params = {str(k): v for k, v in item.items()}
        name = str(params.pop("block", ""))
    else:
        name, _, rest = str(item).partition(":")
        params = dict(_split_param(pair) for pair in rest.split(",") if pair.strip())
    fitting = catalog.blocks_for(task)
    if name not in catalog.BLOCKS:
        raise InvalidAnswer(f"unknown block `{name}`", hint="choose from " + ", ".join(f"`{b}`" for b in fitting))
    if name not in fitting:
        raise InvalidAnswer(
            f"block `{name}` does not fit task `{task}`, whose inputs are {catalog.TASKS[task].input}s",
            hint="choose from " + ", ".join(f"`{b}`" for b in fitting),
        )
    return {"block": name, **_block_params(catalog.BLOCKS[name], params)}


def _split_param(pair: str) -> tuple[str, str]:
    key, sep, value = pair.partition("=")
    if not sep:
        raise InvalidAnswer(
            f"block parameter `{pair}` has no value", hint="write parameters as `key=value`, e.g. `conv:filters=32`"
        )
    return key.strip(), value.strip()


def _block_params(block: catalog.Block, given: Mapping[str, Any]) -> dict[str, Any]:
    known = {param.name: param for param in block.params}
    for key in given:
        if key not in known:
            raise InvalidAnswer(
                f"block `{block.name}` has no parameter `{key}`",
                hint=f"its parameters are: {', '.join(known) or 'none'}",
            )
    values: dict[str, Any] = {}
    for param in block.params:
        raw = given.get(param.name, param.default)
        label = f"{block.name}.{param.name}"
        values[param.name] = _param_value(label, param, raw)
    return values


def _param_value(label: str, param: catalog.Param, raw: Any) -> Any:
    if param.kind == "bool":
        return _to_bool(label, raw)
    if param.kind == "str":
        if param.choices and str(raw) not in param.choices:
            raise InvalidAnswer(f"{label} `{raw}` is not one of {', '.join(param.choices)}", hint=param.help)
        return str(raw)
    question = Question(label, param.kind, param.help, param.default, minimum=param.minimum)
    return _parse_number(question, raw, {}, [])


def _check_data(answers: Mapping[str, Any], facts: probe.Facts) -> None:
    """Refuse answers the data cannot satisfy."""
    source, task = answers["data_source"], catalog.TASKS[answers["task"]]
    if source == "csv":
        _check_csv(answers, facts, task)
    if source == "image_folders":
        _check_class_count(task, len(facts.classes), answers, "class folders")
    if source == "npz":
        _check_npz(answers, facts, task)
    if facts.num_samples and facts.num_samples < 10:
        raise InvalidAnswer(
            f"the data has only {facts.num_samples} samples",
            hint="training, validation and test splits need at least 10",
        )


def _check_csv(answers: Mapping[str, Any], facts: probe.Facts, task: catalog.Task) -> None:
    path, target = answers["data_path"], answers["target_column"]
    listed = ", ".join(f"`{c}`" for c in facts.columns)
    for column in [target, *answers["feature_columns"]]:
        if column not in facts.columns:
            raise InvalidAnswer(f"column `{column}` is not in `{path}`", hint=f"its columns are {listed}")
    if target in answers["feature_columns"]:
        raise InvalidAnswer(f"target column `{target}` is also a feature column", hint="leave it out of the features")
    for column in answers["feature_columns"]:
        if column not in facts.numeric_columns:
            raise InvalidAnswer(
                f"feature column `{column}` holds values that are not numbers",
                hint="encode it as numbers first, or leave it out of `--feature-columns`",
            )
    if task.target == "continuous" and target not in facts.numeric_columns:
        raise InvalidAnswer(
            f"target column `{target}` is not numeric, so it cannot be regressed", hint="choose a classification task"
        )
    if task.target != "continuous":
        _check_class_count(task, len(facts.distinct[target]), answers, f"values in column `{target}`")


def _check_npz(answers: Mapping[str, Any], facts: probe.Facts, task: catalog.Task) -> None:
    shape = facts.x_shape or ()
    path = answers["data_path"]
    if task.input == "image":
        expected = (answers["image_height"], answers["image_width"])
        if len(shape) not in (3, 4) or tuple(shape[1:3]) != expected:
            raise InvalidAnswer(
                f"`x` in `{path}` has shape {shape}, not (samples, {expected[0]}, {expected[1]}, channels)",
                hint="set `--image-height` and `--image-width` to the size of the arrays",
            )
        channels = shape[3] if len(shape) == 4 else 1
        if channels != answers["channels"]:
            raise InvalidAnswer(
                f"`x` in `{path}` has {channels} channels, not {answers['channels']}",
                hint=f"pass `--channels {channels}`",
            )
    elif len(shape) != 2 or shape[1] != answers["num_features"]:
        raise InvalidAnswer(
            f"`x` in `{path}` has shape {shape}, not (samples, {answers['num_features']})",
            hint="tabular `x` is a 2-D array: pass `--num-features` with its second size",
        )
    if facts.y_shape and facts.y_shape[0] != shape[0]:
        raise InvalidAnswer(
            f"`x` and `y` in `{path}` hold different numbers of samples", hint="give `y` one entry per sample"
        )
    if task.target != "continuous" and "y" in facts.distinct:
        _check_class_count(task, len(facts.distinct["y"]), answers, "label values in `y`")


def _check_class_count(task: catalog.Task, found: int, answers: Mapping[str, Any], what: str) -> None:
    expected = 2 if task.target == "binary" else answers.get("num_classes")
    if task.target == "continuous" or found == expected:
        return
    if task.target == "binary":
        hint = (
            "use task `" + task.name.replace("binary", "multiclass") + "` for more classes"
            if found > 2
            else "binary tasks need two classes"
        )
    else:
        hint = f"pass `--num-classes {found}`" if found >= 3 else "use a binary task for two classes"
    raise InvalidAnswer(f"the data has {found} {what}, but the task expects {expected} classes", hint=hint)
