"""`copier.yml`'s `kgen_steps` places the blocks, their automatic parameters and the pooling as kgen does.

The walk over the chosen blocks has two implementations: `parse.model_steps`, which kgen runs
to refuse an order that cannot work, and the Jinja of `kgen_steps`, which plain copier runs to
render. Here the committed `copier.yml`'s expression is rendered as copier renders it (its
sandbox, its filters, its `_envops`, the result read as YAML) and compared with kgen's steps for
every block sequence the end-to-end matrix and the examples use, each task's defaults, and a
few hundred seeded random valid sequences per input kind.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from kgen import catalog, parse
from kgen.errors import InvalidAnswer
from tests.e2e.matrix import CASES

REPOSITORY = Path(__file__).resolve().parents[2]
KGEN_STEPS = yaml.safe_load((REPOSITORY / "copier.yml").read_text(encoding="utf-8"))["kgen_steps"]["default"]
ENVIRONMENT = SandboxedEnvironment(
    extensions=["jinja2_ansible_filters.AnsibleCoreFiltersExtension"],
    keep_trailing_newline=True,
    undefined=StrictUndefined,
)
TEMPLATE = ENVIRONMENT.from_string(KGEN_STEPS)


def copier_steps(task: str, blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return yaml.safe_load(TEMPLATE.render(task=task, blocks=blocks))


def assert_same_walk(task: str, items: list[Any]) -> None:
    """kgen's steps equal copier's, from the blocks kgen passes (every parameter) and from those a
    user of plain copier writes (only the parameters given)."""
    parsed = [parse.parse_block(item, task) for item in items]
    expected = json.dumps(parse.model_steps(parsed, task))
    assert json.dumps(copier_steps(task, parsed)) == expected
    given = [_given(item) for item in items]
    assert json.dumps(copier_steps(task, given)) == expected


def _given(item: Any) -> dict[str, Any]:
    """An answer `name:key=value,...` as the YAML mapping a copier answers file holds."""
    if isinstance(item, dict):
        return item
    name, _, rest = item.partition(":")
    pairs = dict(pair.split("=") for pair in rest.split(",") if pair)
    return {"block": name, **{key: yaml.safe_load(value) for key, value in pairs.items()}}


def _examples() -> dict[str, dict[str, Any]]:
    paths = sorted(REPOSITORY.glob("examples/*.yml"))
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in paths}


def _used(answers: dict[str, Any]) -> tuple[str, list[Any]]:
    """The task and the blocks of a set of answers: those given, else the task's defaults."""
    task = answers["task"]
    return task, list(answers.get("blocks", catalog.TASKS[task].default_blocks))


USED = {
    **{f"matrix:{name}": _used(case["answers"]) for name, case in CASES.items()},
    **{f"example:{name}": _used(answers) for name, answers in _examples().items()},
    **{f"default:{name}": (name, list(task.default_blocks)) for name, task in catalog.TASKS.items()},
    "text:every-automatic-parameter": (
        "text_binary",
        ["embedding", "transformer", "transformer", "recurrent", "conv1d", "dense"],
    ),
    "series:pooled-between": ("series_forecast", ["conv1d", "transformer", "recurrent", "transformer", "dense"]),
    "series:no-pooling": ("series_forecast", ["recurrent", "recurrent"]),
}


@pytest.mark.parametrize("name", USED)
def test_copier_walks_the_blocks_in_use_as_kgen_does(name: str) -> None:
    task, blocks = USED[name]
    assert_same_walk(task, blocks)


def random_blocks(rng: random.Random, task: str) -> list[str]:
    """One to six blocks that fit `task`, each with some of its parameters drawn."""
    items = []
    for name in rng.choices(catalog.blocks_for(task), k=rng.randint(1, 6)):
        drawn = [param for param in catalog.BLOCKS[name].params if rng.random() < 0.5]
        items.append(name + (":" if drawn else "") + ",".join(f"{p.name}={_draw(rng, p)}" for p in drawn))
    return items


def _draw(rng: random.Random, param: catalog.Param) -> str:
    if param.kind == "bool":
        return rng.choice(["true", "false"])
    if param.kind == "str":
        return rng.choice(param.choices)
    low = param.minimum or 0
    value = low + rng.random() * 2 * float(param.default or 1)  # type: ignore[arg-type]
    return str(int(value) + 1 if param.kind == "int" else round(value, 3))


@pytest.mark.parametrize("input_kind", catalog.INPUT_KINDS)
def test_copier_walks_random_valid_blocks_as_kgen_does(input_kind: str) -> None:
    task = next(name for name, task in catalog.TASKS.items() if task.input == input_kind)
    rng = random.Random(f"block walk {input_kind}")
    valid = 0
    for _ in range(20_000):
        items = random_blocks(rng, task)
        try:
            parse.model_steps([parse.parse_block(item, task) for item in items], task)
        except InvalidAnswer:
            continue
        assert_same_walk(task, items)
        valid += 1
        if valid == 300:
            break
    assert valid == 300


@pytest.mark.parametrize(
    ("task", "names", "calls"),
    [
        ("image_binary", ["conv", "residual", "dense"], ["conv", "residual", "pool", "dense"]),
        ("image_binary", ["conv", "residual"], ["conv", "residual", "pool"]),
        ("text_binary", ["embedding", "recurrent", "conv1d"], ["embedding", "recurrent", "conv1d", "sequence_pool"]),
        ("text_binary", ["embedding", "recurrent", "dense"], ["embedding", "recurrent", "dense"]),
        ("series_forecast", ["conv1d", "dense", "dense"], ["conv1d", "flatten", "dense", "dense"]),
        ("segmentation", ["feature_conv", "unet"], ["feature_conv", "unet"]),
        ("tabular_regression", ["dense"], ["dense"]),
    ],
)
def test_the_pooling_goes_where_maps_or_sequences_meet_vectors(task: str, names: list[str], calls: list[str]) -> None:
    steps = parse.model_steps([parse.parse_block(name, task) for name in names], task)
    assert [step["block"] for step in steps] == calls
