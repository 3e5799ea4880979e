"""Parse one answer: its type, its range, its catalog choice, and for blocks their parameters.

Each parser takes the raw answer (a string from a flag or a prompt, or a YAML value from
an answers file) and returns the typed value, or raises `InvalidAnswer` naming the
answer and how to fix it.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
from collections.abc import Mapping
from typing import Any

from kgen import catalog
from kgen.errors import InvalidAnswer
from kgen.questions import BY_KEY, Question

_TARGET_PHRASES = {
    "binary": "one sigmoid unit (two classes)",
    "multiclass": "a softmax over three or more classes",
    "continuous": "one linear unit (a real number)",
    "multilabel": "one sigmoid unit per label",
    "multi_output": "one named head per target column",
    "forecast": "one linear unit per forecast step",
    "upscaled": "an image `scale` times larger than its input",
    "denoised": "an image the size of its input",
    "mask": "a softmax over the classes at every pixel",
}
_LABEL_PHRASES = {
    "binary": "0/1 labels",
    "sparse": "labels as class indices",
    "one_hot": "one-hot labels",
    "continuous": "real-valued targets",
}
INPUT_PHRASES = {
    "image": "images",
    "table": "table rows",
    "text": "texts",
    "series": "series",
    "pixels": "images of any size",
}
"""What each input kind's tasks read, in words: "task `x` reads texts"."""
_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off"}


def parse_answer(question: Question, raw: Any, answers: Mapping[str, Any], choices: list[str]) -> Any:
    parser = {
        "str": _parse_str,
        "int": _parse_number,
        "float": _parse_number,
        "bool": _parse_bool,
        "choice": _parse_choice,
        "multichoice": _parse_multichoice,
        "columns": _parse_columns,
        "column_subset": _parse_column_subset,
        "counts": _parse_mapping,
        "weights": _parse_mapping,
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
    if not value and not question.optional:
        raise InvalidAnswer(f"{question.key} is empty", hint=question.help)
    return value


_RESERVED_PACKAGES = {"keras", "tensorflow", "numpy", "test", "tests", "data", "kgen", "src"}


def _parse_number(question: Question, raw: Any, answers: Mapping[str, Any], choices: list[str]) -> int | float:
    kind = int if question.kind == "int" else float
    try:
        if isinstance(raw, bool) or (kind is int and isinstance(raw, float) and not raw.is_integer()):
            raise ValueError
        value = kind(raw)
        if not math.isfinite(value):  # `nan`, `inf`, `1e400`: no range holds them, and Python code cannot spell them
            raise ValueError
    except (TypeError, ValueError, OverflowError):
        expected = "a whole number" if kind is int else "a number"
        example = question.example_for(answers)
        raise InvalidAnswer(
            f"{question.key} `{raw}` is not {expected}",
            hint=f"give {expected}, e.g. `{example}`" if example is not None else f"give {expected}",
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
    check_choice(question, value, answers, choices)
    return value


def _parse_multichoice(question: Question, raw: Any, answers: Mapping[str, Any], choices: list[str]) -> list[str]:
    values = split_list(raw)
    for value in values:
        check_choice(question, value, answers, choices)
    if len(set(values)) != len(values):
        raise InvalidAnswer(f"{question.key} lists a choice twice: {', '.join(values)}", hint="name each once")
    return values


def split_list(raw: Any) -> list[str]:
    if isinstance(raw, str):
        return [item.strip() for item in re.split(r"[,\s]+", raw) if item.strip()]
    if isinstance(raw, (list, tuple)):
        return [str(item).strip() for item in raw]
    raise InvalidAnswer(f"`{raw}` is not a list", hint="give a comma-separated list, or a YAML list")


def check_choice(question: Question, value: str, answers: Mapping[str, Any], choices: list[str]) -> None:
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
        trains = " or ".join(_TARGET_PHRASES[t] for t in sorted(loss.outputs))
        return f"loss `{value}` expects {trains}, but task `{task.name}` ends in {_TARGET_PHRASES[task.output]}"
    if key == "metrics":
        outputs = catalog.METRICS[value].outputs
        if outputs and task.output not in outputs:
            reads = " or ".join(_TARGET_PHRASES[output] for output in sorted(outputs))
            return f"metric `{value}` compares {reads}, but task `{task.name}` ends in {_TARGET_PHRASES[task.output]}"
        labels = catalog.LOSSES[answers["loss"]].labels
        return f"metric `{value}` cannot read {_LABEL_PHRASES[labels]}, which loss `{answers['loss']}` trains on"
    if key == "optimizer":
        return f"optimizer `{value}` cannot train task `{task.name}`: {catalog.OPTIMIZERS[value].unfit}"
    if key == "data_source":
        if task.input in catalog.DATA_SOURCES[value].inputs:
            return f"data source `{value}` holds one target per example, not the labels of task `{task.name}`"
        return f"data source `{value}` does not hold the {INPUT_PHRASES[task.input]} task `{task.name}` reads"
    if key == "preprocessing":
        reads = " or ".join(INPUT_PHRASES[kind] for kind in sorted(catalog.STEMS[value].inputs))
        return f"preprocessing `{value}` is for {reads}, but task `{task.name}` reads {INPUT_PHRASES[task.input]}"
    if key == "distribution":
        unfit = catalog.DISTRIBUTIONS[value].unfit
        return f"distribution `{value}` cannot run on backend `{answers.get('backend')}`: {unfit}"
    return f"{key} `{value}` does not fit {_conflict(key, value, answers)}"


def _conflict(key: str, value: str, answers: Mapping[str, Any]) -> str:
    """The earlier answer a choice does not fit, as "task `x`"."""
    choices = BY_KEY[key].choices
    for fits in (choices, choices.also if choices else None):
        if fits is not None and fits.key and fits.fits is not None and answers.get(fits.key) not in fits.fits[value]:
            return f"{fits.key} `{answers.get(fits.key)}`"
    return f"task `{answers['task']}`"


def _parse_columns(question: Question, raw: Any, answers: Mapping[str, Any], choices: list[str]) -> list[str]:
    columns = [c for c in (raw.split(",") if isinstance(raw, str) else list(raw))]
    columns = [str(c).strip() for c in columns if str(c).strip()]
    if not columns:
        raise InvalidAnswer(
            f"no columns given for `{question.key}`", hint=f"{question.help[:1].lower()}{question.help[1:]}"
        )
    _refuse_twice(question, columns)
    return columns


def _refuse_twice(question: Question, names: list[str]) -> None:
    """A column listed twice would be two inputs, heads or targets of one name in the model."""
    twice = next((name for index, name in enumerate(names) if name in names[:index]), None)
    if twice is not None:
        raise InvalidAnswer(f"`{question.flag}` names column `{twice}` twice", hint="name each column once")


def _parse_column_subset(question: Question, raw: Any, answers: Mapping[str, Any], choices: list[str]) -> list[str]:
    """Columns, possibly none: an empty answer or `none` is no column."""
    if raw is None or (isinstance(raw, str) and raw.strip().lower() in ("", "none")):
        return []
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    return [str(item).strip() for item in items if str(item).strip()]


def _parse_mapping(question: Question, raw: Any, answers: Mapping[str, Any], choices: list[str]) -> dict[str, Any]:
    """Column -> number, from `name=value,...` or a YAML mapping; an empty answer or `none` is none.

    `counts` are whole numbers of classes (at least 2), `weights` numbers of at least 0.
    """
    if raw is None or (isinstance(raw, str) and raw.strip().lower() in ("", "none")):
        return {}
    if isinstance(raw, Mapping):
        pairs = [(str(key).strip(), value) for key, value in raw.items()]
    else:
        pairs = []
        for item in str(raw).split(","):
            column, equals, value = item.rpartition("=")
            if not (equals and column.strip() and value.strip()):
                raise InvalidAnswer(
                    f"`{item.strip()}` in `{question.flag}` is not `column=number`",
                    hint=f"e.g. `{question.flag} 'price=1,species=0.5'`",
                )
            pairs.append((column.strip(), value.strip()))
    _refuse_twice(question, [column for column, _ in pairs])
    number = Question(question.key, "int" if question.kind == "counts" else "float", question.help)
    number = dataclasses.replace(number, minimum=2 if question.kind == "counts" else 0)
    return {column: parse_answer(number, value, answers, choices) for column, value in pairs}


def _parse_blocks(question: Question, raw: Any, answers: Mapping[str, Any], choices: list[str]) -> list[dict[str, Any]]:
    items = raw.split() if isinstance(raw, str) else list(raw)
    if not items:
        example = " ".join(f"`{block}`" for block in catalog.blocks_for(answers["task"])[:3])
        raise InvalidAnswer("no blocks given: the model needs at least one", hint=f"choose from {example}, ...")
    blocks = [parse_block(item, answers["task"]) for item in items]
    model_steps(blocks, answers["task"])
    return blocks


def model_steps(blocks: list[dict[str, Any]], task: str) -> list[dict[str, Any]]:
    """The calls `build_model` makes, in order: each block, and the pooling of the shape it holds.

    Each block must read what the one before it gives. The pooling of feature maps or
    sequences (`catalog.POOLINGS`, by input kind) goes before the first block that reads
    vectors, or at the end if none does. Each step is `{block, function, params, config,
    name}`: `params` has the block's parameters and its automatic ones (`catalog.auto_params`),
    `config` maps keywords to `ModelConfig` fields. `copier.yml`'s `kgen_steps` computes the
    same in Jinja for plain copier (`copier_yml._steps`); `tests/unit/test_block_walk.py`
    compares the two.

    Raises:
        InvalidAnswer: A block reads a shape the model does not hold there.
    """
    input_kind = catalog.TASKS[task].input
    pools = {shape: _step(pool, {}, pool.name) for shape, pool in catalog.POOLINGS[input_kind].items()}
    shape = catalog.INPUT_KINDS[input_kind].gives
    names = [block["block"] for block in blocks]
    steps = []
    for index, (block, auto) in enumerate(zip(blocks, catalog.auto_params(names), strict=True)):
        entry = catalog.BLOCKS[block["block"]]
        if shape in pools and entry.reads == "vectors":
            steps.append(pools[shape])
            shape = "vectors"
        if entry.reads != shape:
            before = f"after `{names[index - 1]}`" if index else "at the start"
            raise InvalidAnswer(
                f"block `{entry.name}` (number {index + 1}) reads {catalog.SHAPES[entry.reads]}, "
                f"but {before} the model holds {catalog.SHAPES[shape]}",
                hint=_shape_hint(shape, entry.reads, input_kind),
            )
        params = {param.name: block.get(param.name, param.default) for param in entry.params}
        steps.append(_step(entry, params | auto, f"{entry.name}_{index + 1}"))
        shape = entry.gives_for(auto)
    return steps + [pools[shape]] if shape in pools else steps


def _step(block: catalog.Block, params: dict[str, Any], name: str) -> dict[str, Any]:
    return {
        "block": block.name,
        "function": block.function,
        "params": params,
        "config": dict(block.from_config),
        "name": name,
    }


def _shape_hint(shape: str, wanted: str, input_kind: str) -> str:
    readers = [b.name for b in catalog.BLOCKS.values() if b.reads == shape and input_kind in b.inputs]
    if shape == "vectors" or not readers:
        return f"put the blocks that read {catalog.SHAPES[wanted]} before those that give {catalog.SHAPES[shape]}"
    return f"start with `{readers[0]}`: it reads the {catalog.SHAPES[shape]} the model holds there"


def parse_block(item: Any, task: str) -> dict[str, Any]:
    """One block from `name:key=value,...` or a mapping, with every parameter filled in."""
    if isinstance(item, Mapping):
        params = {str(k): v for k, v in item.items()}
        name = str(params.pop("block", ""))
    else:
        name, _, rest = str(item).partition(":")
        pairs = [_split_param(pair) for pair in rest.split(",") if pair.strip()]
        params = dict(pairs)
        if len(params) < len(pairs):
            twice = next(key for index, (key, _) in enumerate(pairs) if key in dict(pairs[:index]))
            raise InvalidAnswer(f"block `{name}` sets `{twice}` twice", hint=f"give `{twice}` once")
    fitting = catalog.blocks_for(task)
    if name not in catalog.BLOCKS:
        raise InvalidAnswer(f"unknown block `{name}`", hint="choose from " + ", ".join(f"`{b}`" for b in fitting))
    if name not in fitting:
        raise InvalidAnswer(
            f"block `{name}` does not fit task `{task}`, which reads {INPUT_PHRASES[catalog.TASKS[task].input]}",
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
        values[param.name] = param_value(label, param, raw)
    return values


def param_value(label: str, param: catalog.Param, raw: Any) -> Any:
    if param.kind == "bool":
        return _to_bool(label, raw)
    if param.kind == "str":
        if param.choices and str(raw) not in param.choices:
            raise InvalidAnswer(f"{label} `{raw}` is not one of {', '.join(param.choices)}", hint=param.help)
        return str(raw)
    question = Question(label, param.kind, param.help, param.default, minimum=param.minimum)
    return _parse_number(question, raw, {}, [])
