from __future__ import annotations

import json
from pathlib import Path

import pytest

from kgen import catalog, copier_yml, parse
from kgen.questions import BY_KEY, QUESTIONS, ByAnswer

REPOSITORY = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("task", catalog.TASKS)
def test_every_task_has_something_of_each_kind_that_fits(task):
    # A multi-output task is not asked for a loss: each head takes its own kind's.
    assert bool(catalog.losses_for(task)) == BY_KEY["loss"].asked({"task": task})
    assert catalog.blocks_for(task)
    assert catalog.data_sources_for(task)
    for loss in catalog.losses_for(task):
        assert catalog.metrics_for(loss), f"no metric reads the labels of `{loss}`"


@pytest.mark.parametrize("name", catalog.TASKS)
def test_task_defaults_fit_their_task(name):
    task = catalog.TASKS[name]
    if BY_KEY["loss"].asked({"task": name}):
        assert catalog.default_loss(name) in catalog.losses_for(name)
        assert set(catalog.default_metrics(name)) <= set(catalog.metrics_for(catalog.default_loss(name)))
    assert catalog.stems_for(name)
    assert task.split in catalog.SPLITS and task.output in catalog.OUTPUT_KINDS
    assert task.default_data_source in catalog.data_sources_for(name)
    blocks = [parse.parse_block(block, name) for block in task.default_blocks]
    assert [block["block"] for block in blocks] == [block["block"] for block in task.default_blocks]


@pytest.mark.parametrize("block", catalog.BLOCKS.values(), ids=lambda block: block.name)
def test_block_parameter_defaults_are_valid(block):
    for param in block.params:
        assert param.kind in ("int", "float", "bool", "str")
        if param.minimum is not None:
            assert param.default >= param.minimum
        if param.choices:
            assert param.default in param.choices


def test_every_catalog_entry_has_a_one_line_help():
    tables = (catalog.TASKS, catalog.BLOCKS, catalog.LOSSES, catalog.METRICS, catalog.OPTIMIZERS, catalog.SCHEDULES)
    kinds = (catalog.INPUT_KINDS, catalog.OUTPUT_KINDS, catalog.STEMS, catalog.SPLITS)
    for table in (*tables, *kinds, catalog.DATA_SOURCES):
        for name, entry in table.items():
            assert entry.help and "\n" not in entry.help and not entry.help.endswith("."), name


def test_by_answer_defaults_cover_every_choice_of_their_key():
    for question in QUESTIONS:
        if isinstance(question.default, ByAnswer):
            choices = BY_KEY[question.default.key].choices
            assert choices is not None
            assert set(question.default.mapping) == set(choices.entries), question.key


def test_question_flags_are_unique():
    flags = [question.flag for question in QUESTIONS]
    assert len(flags) == len(set(flags))


def test_copier_yml_is_generated_from_the_catalog():
    on_disk = (REPOSITORY / "copier.yml").read_text(encoding="utf-8")
    assert on_disk == copier_yml.render(), "copier.yml is stale: run `python -m kgen.copier_yml > copier.yml`"


TEMPLATES = REPOSITORY / "templates" / "partials"


def test_every_kind_a_catalog_fact_names_has_its_partials():
    """A template includes `<folder>/<fact>/...`: each value of the fact has those files."""
    expected = {
        "stems": (catalog.STEMS, ("layers.py.jinja", "adapt.py.jinja", "test.py.jinja")),
        "heads": (catalog.OUTPUT_KINDS, ("output.py.jinja", "adapt.py.jinja", "test.py.jinja")),
        "sources": (catalog.DATA_SOURCES, ("loader.py.jinja", "fixture.py.jinja", "test.py.jinja")),
        "labels": ({loss.labels: loss for loss in catalog.LOSSES.values()}, ("test.py.jinja",)),
    }
    for name, output in catalog.OUTPUT_KINDS.items():  # each family's data.py; classes are read, then encoded
        assert (TEMPLATES / "families" / output.family / "data.py.jinja").is_file(), output.family
        fitting = (
            [output.labels]
            if output.labels
            else [loss.labels for loss in catalog.LOSSES.values() if name in loss.outputs]
        )
        for labels in fitting:
            if output.family == "classes":
                assert (TEMPLATES / "labels" / labels / "encode.py.jinja").is_file(), labels
            if not output.baseline_scores:  # a constant baseline, made from the training labels
                assert (TEMPLATES / "labels" / labels / "baseline.py.jinja").is_file(), labels
        if output.family == "classes":
            assert (TEMPLATES / "targets" / output.targets / "read.py.jinja").is_file(), output.targets
    for folder, (table, files) in expected.items():
        for name in table:
            for file in files:
                assert (TEMPLATES / folder / name / file).is_file(), f"{folder}/{name}/{file}"
    for task in catalog.TASKS.values():  # `predict` writes CSV rows: the head describes them, the source reads files
        if catalog.INPUT_KINDS[task.input].predict == "rows":
            assert (TEMPLATES / "heads" / task.output / "describe.py.jinja").is_file(), task.output
            for source in catalog.data_sources_for(task.name):
                assert (TEMPLATES / "sources" / source / "read.py.jinja").is_file(), source
    for name, output in catalog.OUTPUT_KINDS.items():
        if output.baseline_scores or output.more_scores:
            assert (TEMPLATES / "heads" / name / "evaluate.py.jinja").is_file(), name
        if output.plot:
            assert (TEMPLATES / "heads" / name / "plot.py.jinja").is_file(), name
    for kind in catalog.INPUT_KINDS.values():
        for suffix in (".py.jinja", ".test.py.jinja"):
            assert (TEMPLATES / "predict" / f"{kind.predict}{suffix}").is_file(), kind.name
    for name in catalog.SPLITS:
        assert (TEMPLATES / "splits" / f"{name}.py.jinja").is_file(), name
    for name in catalog.SCHEDULES:
        assert (TEMPLATES / "schedules" / f"{name}.test.py.jinja").is_file(), name
    for name, output in catalog.OUTPUT_KINDS.items():
        assert (TEMPLATES / "heads" / name / "fixture.py.jinja").is_file() == output.has_classes, name


@pytest.mark.parametrize(
    ("task", "names", "layers", "positions"),
    [
        ("text_binary", ["embedding", "conv1d", "dense"], ["masked_average", "masked_conv1d"], {}),
        (
            "text_binary",
            ["embedding", "transformer", "transformer"],
            ["masked_average", "position_embedding"],
            {1: True},
        ),
        ("series_forecast", ["conv1d", "recurrent", "dense"], ["masked_conv1d"], {}),
        ("series_forecast", ["transformer", "transformer"], ["position_embedding"], {1: True, 2: False}),
    ],
)
def test_a_project_gets_only_the_layers_its_blocks_use(task, names, layers, positions):
    """A text without a transformer gets no `PositionEmbedding`, and its blocks take no `positions`."""
    import jinja2

    environment = jinja2.Environment()
    environment.filters["to_json"] = json.dumps
    blocks = [parse.parse_block(name, task) for name in names]
    steps = json.loads(environment.from_string(copier_yml._steps()).render(task=task, blocks=blocks))
    used = json.loads(environment.from_string(copier_yml._block_layers()).render(kgen_steps=steps))
    assert used == layers
    chosen = [step for step in steps if step["block"] in catalog.BLOCKS]
    set_here = {
        index: step["params"]["positions"] for index, step in enumerate(chosen, 1) if "positions" in step["params"]
    }
    assert set_here == positions


def test_the_catalog_imports_only_itself_and_no_module_of_it_imports_back():
    """Data only: no kgen module outside the package, no third-party module, and no cycle inside it."""
    import ast
    import sys

    package = REPOSITORY / "kgen" / "catalog"
    graph: dict[str, set[str]] = {}
    for path in sorted(package.glob("*.py")):
        imported = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            names += [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
            for name in names:
                assert name.startswith("kgen.catalog.") or name.split(".")[0] in sys.stdlib_module_names, (path, name)
                imported |= {name.removeprefix("kgen.catalog.")} if name.startswith("kgen.catalog.") else set()
        graph[path.stem] = imported
    done: set[str] = set()
    while len(done) < len(graph):  # take off the modules whose imports are all taken off
        ready = {module for module, imports in graph.items() if module not in done and imports <= done}
        assert ready, f"import cycle among {sorted(set(graph) - done)}"
        done |= ready
