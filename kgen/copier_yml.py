"""Write the project template's `copier.yml` from the catalog and the questions.

`copier.yml` must be a static file at the repository root, so that plain `copier copy`
and `copier update` work without kgen. It is generated, never edited by hand:

    python -m kgen.copier_yml > copier.yml

and a unit test fails when the committed file differs from what this module writes.
Besides the questions, it holds `kgen_*` values (`when: false`, so never stored in the
answers file) that the templates read: the facts of the chosen task, loss and blocks.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from kgen import catalog, template_imports
from kgen.questions import BY_KEY, QUESTIONS, ByAnswer, Question
from kgen.rules import MOST_HELD_OUT

HEADER = """\
# The project template's questions. GENERATED from kgen/catalog/ and kgen/questions.py:
# edit those and run `python -m kgen.copier_yml > copier.yml`.
"""

SETTINGS: dict[str, Any] = {
    "_min_copier_version": "9.15",
    "_subdirectory": "templates/project",
    "_templates_suffix": ".jinja",
    "_answers_file": ".copier-answers.yml",
    "_envops": {"keep_trailing_newline": True, "undefined": "jinja2.StrictUndefined"},
    "_exclude": ["__pycache__", "*.pyc", ".DS_Store"],
}

_COPIER_TYPES = {"str": "str", "int": "int", "float": "float", "bool": "bool", "choice": "str"}
_COPIER_TYPES |= {"multichoice": "str", "columns": "yaml", "column_subset": "yaml", "blocks": "yaml"}
_COPIER_TYPES |= {"counts": "yaml", "weights": "yaml"}


def _jinja_lookup(key: str, mapping: dict[str, Any]) -> str:
    """A Jinja expression that looks `key`'s answer up in `mapping`."""
    return "{{ " + json.dumps(mapping) + "[" + key + "] }}"


def _jinja_yaml_lookup(key: str, mapping: dict[str, Any]) -> str:
    return "{{ (" + json.dumps(mapping) + "[" + key + "]) | to_json }}"


def _default(question: Question) -> Any:
    default = question.default
    if isinstance(default, ByAnswer):
        mapping = dict(default.mapping)
        if question.kind in ("blocks", "multichoice", "columns", "column_subset"):
            return _jinja_yaml_lookup(default.key, mapping)
        return _jinja_lookup(default.key, mapping)
    if question.key == "package":
        return "{{ project_name | replace('-', '_') }}"
    if question.key == "loss_weights":
        return (
            "{%- set weights = {} -%}{%- for column in target_columns -%}"
            "{%- set _ = weights.update({column: 1.0}) -%}{%- endfor -%}{{ weights | to_json }}"
        )
    if question.key == "metrics":
        by_task = {name: list(catalog.default_metrics(name)) for name in catalog.TASKS}
        fitting = {name: catalog.metrics_for(name) for name in catalog.LOSSES}
        return (
            "{{ " + json.dumps(by_task) + "[task] | select('in', " + json.dumps(fitting) + ".get(loss, [])) | list"
            " | to_json }}"
        )
    return default


def _validator(question: Question) -> str | None:
    """The question's checks as one Jinja chain that renders the first failing one's message."""
    if question.kind == "blocks":
        fitting = {name: catalog.blocks_for(name) for name in catalog.TASKS}
        return (
            "{% if not blocks %}give at least one block; {% endif %}"
            "{% for b in blocks %}{% if b.block not in " + json.dumps(fitting) + "[task] %}"
            "block {{ b.block }} does not fit task {{ task }}; "
            "{% endif %}{% endfor %}"
        )
    checks = _own_checks(question)
    asked = f"({question.when.expression()}) and " if question.when else ""
    checks += [(asked + f"({condition})", message) for condition, message in _CROSS_CHECKS.get(question.key, [])]
    if not checks:
        return None
    chain = "{% el".join(f"if {condition} %}}{message}" for condition, message in checks)
    return "{% " + chain + "{% endif %}"


def _own_checks(question: Question) -> list[tuple[str, str]]:
    """(Jinja condition, message) for the answer alone: its pattern, its range, a list that must name columns."""
    key = question.key
    if question.pattern:
        return [(f"not ({key} | regex_search('^{question.pattern}$'))", question.help)]
    checks = []
    if question.minimum is not None or question.maximum is not None:
        tests = [f"{key} < {question.minimum}"] if question.minimum is not None else []
        tests += [f"{key} > {question.maximum}"] if question.maximum is not None else []
        bounds = [f"at least {question.minimum:g}"] if question.minimum is not None else []
        bounds += [f"at most {question.maximum:g}"] if question.maximum is not None else []
        checks.append((" or ".join(tests), f"{key} must be {', '.join(bounds)}"))
    if question.kind == "columns":
        asked = f"({question.when.expression()}) and " if question.when else ""
        checks.append(
            (
                asked + f"({key} is string or {key} is not sequence)",
                f"{key} must be a YAML list of columns, e.g. [a, b]",
            )
        )
        help_text = _help(question)
        help_text = help_text if help_text[1:2].isupper() else help_text[:1].lower() + help_text[1:]
        if key not in _MAY_BE_EMPTY:
            checks.append((asked + f"not {key}", f"no columns given for {key}: {help_text}"))
    if question.kind in ("columns", "column_subset"):
        asked = f"({question.when.expression()}) and " if question.when else ""
        listed = f"{key} is sequence and {key} is not string"
        twice = f"{key} | unique | list | length != {key} | length"
        checks.append((asked + f"{listed} and {twice}", f"{key} names a column twice; name each once"))
    return checks


def _listing(key: str) -> str:
    return "{{ " + key + " | join(', ') }}"


def _condition(key: str) -> str:
    """Question `key`'s condition as a Jinja expression."""
    when = BY_KEY[key].when
    assert when is not None
    return when.expression()


_CROSS_CHECKS: dict[str, list[tuple[str, str]]] = {
    # kgen's refusals (`kgen.rules`, `kgen.parse`) that read the answers alone, so that plain copier
    # refuses them too. Each sits on the last question it reads, since copier's validator of a
    # question sees only the answers before it, and it applies only where that question is asked.
    "target_column": [
        (
            "(" + _condition("text_column") + ") and target_column == text_column",
            "`{{ text_column }}` is both the text and the target column; name different columns",
        ),
    ],
    "value_columns": [
        (
            "target_column not in value_columns",
            "target column `{{ target_column }}` is not among the value columns, so no window holds its past; "
            "add it to value_columns (" + _listing("value_columns") + ")",
        ),
        (
            "time_column and time_column in value_columns",
            "`{{ time_column }}` is both the time and a value column; leave it out of value_columns",
        ),
    ],
    "target_columns": [
        (
            "target_columns | length < 2",
            "task `{{ task }}` needs two or more target columns; list them in target_columns, "
            "or choose a task with one target",
        ),
        (
            "(" + _condition("text_column") + ") and text_column in target_columns",
            "`{{ text_column }}` is both the text and a target column; name different columns",
        ),
    ],
    "class_targets": [
        (
            "class_targets is not mapping or class_targets | reject('in', target_columns) | list",
            "class_targets must map target columns to their class counts (`{species: 3}`); "
            "the target columns are " + _listing("target_columns"),
        ),
    ],
    "loss_weights": [
        (
            "loss_weights is not mapping or loss_weights | reject('in', target_columns) | list",
            "loss_weights must map target columns to numbers (`{price: 1, species: 0.5}`); "
            "the target columns are " + _listing("target_columns"),
        ),
    ],
    "feature_columns": [
        (
            "(" + BY_KEY["target_column"].when.expression() + ") and target_column in feature_columns",  # type: ignore[union-attr]
            "target column `{{ target_column }}` is also a feature column; leave it out of feature_columns",
        ),
        (
            "task in "
            + json.dumps(list(BY_KEY["target_columns"].when.values))  # type: ignore[union-attr]
            + " and feature_columns | select('in', target_columns) | list",
            "target column `{{ feature_columns | select('in', target_columns) | first }}` is also a feature column; "
            "leave it out of feature_columns",
        ),
    ],
    "categorical_columns": [
        (
            "categorical_columns | reject('in', feature_columns) | list",
            "`{{ categorical_columns | reject('in', feature_columns) | first }}` in categorical_columns is not a "
            "feature column; add it to feature_columns, or leave it out",
        ),
    ],
    "columns_with_gaps": [
        (
            "columns_with_gaps | reject('in', feature_columns) | list",
            "`{{ columns_with_gaps | reject('in', feature_columns) | first }}` in columns_with_gaps is not a "
            "feature column; add it to feature_columns, or leave it out",
        ),
        (
            "columns_with_gaps | select('in', categorical_columns) | list",
            "categorical column `{{ columns_with_gaps | select('in', categorical_columns) | first }}` is also in "
            "columns_with_gaps; leave it out there: an empty cell is a category of its own",
        ),
    ],
    "channels": [
        (
            "channels == 2 and data_source in " + json.dumps(list(catalog.image_file_sources())),
            "image files cannot be decoded with 2 channels; use 1 (grayscale), 3 (RGB) or 4 (RGBA)",
        ),
    ],
    "mask_classes": [
        (
            "mask_colors and mask_colors | length != mask_classes",
            "mask_colors lists {{ mask_colors | length }} colors, but mask_classes is {{ mask_classes }}; "
            "list one color per class",
        ),
    ],
    "patch_size": [
        (
            "task in " + json.dumps(list(BY_KEY["scale"].when.values)) + " and patch_size % scale",  # type: ignore[union-attr]
            "patch_size {{ patch_size }} is not a multiple of the scale, {{ scale }}",
        ),
    ],
    "period": [
        (
            "period > window",
            "period {{ period }} is longer than the window of {{ window }} rows, so no window holds the season "
            "before; use a window of {{ period }} or more, or period 0",
        ),
    ],
    "test_split": [
        (
            f"validation_split + test_split > {MOST_HELD_OUT}",
            "validation_split and test_split hold out {{ ((validation_split + test_split) * 100) | round | int }}% "
            f"of the data, leaving too little to train on; keep their sum at most {MOST_HELD_OUT}",
        ),
    ],
}


def _choices(question: Question) -> dict[str, Any]:
    assert question.choices is not None
    result: dict[str, Any] = {}
    # An unasked question keeps its default, which copier still checks against the choices.
    asked = f"({question.when.expression()}) and " if question.when else ""
    for name in question.offered():
        help_text = question.choices.entries[name]
        entry: dict[str, Any] = {"value": name}
        checks = [question.choices, question.choices.also]
        validators = [
            "{% if " + asked + fits.key + " not in " + json.dumps(list(fits.fits[name])) + " %}"
            f"{name} does not fit {fits.key} {{{{ {fits.key} }}}}" + "{% endif %}"
            for fits in checks
            if fits is not None and fits.key and fits.fits is not None
        ]
        if validators:
            entry["validator"] = "".join(validators)
        result[f"{name}: {help_text}"] = entry
    return result


_MAY_BE_EMPTY = ("feature_columns",)
"""Lists copier accepts empty: 0.1.0 projects recorded no feature columns, and an update renders with their answers."""


def _help(question: Question) -> str:
    """The question's help as copier asks it: copier reads a list of columns as YAML, not comma-separated."""
    if question.copier_help:
        return question.copier_help
    if _COPIER_TYPES[question.kind] == "yaml":
        return question.help.replace("comma-separated", "a YAML list")
    return question.help


def question_entry(question: Question) -> dict[str, Any]:
    """One question as a copier.yml mapping."""
    entry: dict[str, Any] = {"type": _COPIER_TYPES[question.kind], "help": _help(question)}
    if question.choices:
        entry["choices"] = _choices(question)
    if question.kind == "multichoice":
        entry["multiselect"] = True
    entry["default"] = _default(question)
    if question.when:
        entry["when"] = question.when.jinja()
    if (validator := _validator(question)) is not None:
        entry["validator"] = validator
    return entry


def computed_entries() -> dict[str, Any]:
    """The `kgen_*` facts the templates read; never asked, never stored.

    Each is computed once here from the answers, so templates name a fact
    (`kgen_has_classes`, `kgen_stem`, `kgen_steps`) instead of testing answers.
    """

    def hidden(kind: str, default: Any) -> dict[str, Any]:
        return {"type": kind, "default": default, "when": False}

    tasks = catalog.TASKS.items()
    outputs = catalog.OUTPUT_KINDS.items()
    inputs = catalog.INPUT_KINDS.items()
    return {
        "kgen_input": hidden("str", _jinja_lookup("task", {n: t.input for n, t in tasks})),
        "kgen_output": hidden("str", _jinja_lookup("task", {n: t.output for n, t in tasks})),
        "kgen_split": hidden("str", _jinja_lookup("task", {n: t.split for n, t in tasks})),
        "kgen_split_help": hidden(
            "str", _jinja_lookup("kgen_split", {n: split.help for n, split in catalog.SPLITS.items()})
        ),
        "kgen_stem": hidden("str", _stem()),
        "kgen_delimiter": hidden(
            "str",
            "{{ "
            + json.dumps(catalog.DELIMITERS)
            + "[delimiter] if data_source in "
            + json.dumps(list(catalog.sources_asking("delimiter")))
            + " else '' }}",
        ),
        "kgen_target_column": hidden("bool", _asked("target_column")),
        "kgen_stem_help": hidden(
            "str", _jinja_lookup("kgen_stem", {n: stem.help for n, stem in catalog.STEMS.items()})
        ),
        "kgen_has_classes": hidden("bool", _jinja_lookup("kgen_output", {n: o.has_classes for n, o in outputs})),
        "kgen_named_outputs": hidden("bool", _jinja_lookup("kgen_output", {n: o.named_outputs for n, o in outputs})),
        "kgen_targets": hidden("str", _jinja_lookup("kgen_output", {n: o.targets for n, o in outputs})),
        "kgen_family": hidden("str", _jinja_lookup("kgen_output", {n: o.family for n, o in outputs})),
        "kgen_several_targets": hidden(
            "bool", "{{ kgen_output in " + json.dumps(sorted(catalog.SEVERAL_TARGETS)) + " }}"
        ),
        "kgen_labels": hidden(
            "str",
            "{{ "
            + json.dumps({n: o.labels for n, o in outputs})
            + "[kgen_output] or "
            + json.dumps({n: loss.labels for n, loss in catalog.LOSSES.items()})
            + "[loss] }}",
        ),
        "kgen_input_kind": hidden(
            "yaml",
            _jinja_yaml_lookup(
                "kgen_input",
                {
                    n: {"name": i.input_name, "describe": i.describe, "predict": i.predict, "test_data": i.test_data}
                    for n, i in inputs
                },
            ),
        ),
        "kgen_output_kind": hidden(
            "yaml",
            _jinja_yaml_lookup(
                "kgen_output",
                {
                    n: {
                        "describe": o.describe,
                        "baseline": o.baseline,
                        "units": o.model_note,
                        "more": o.more_scores,
                        "more_help": o.more_help,
                        "plot": o.plot,
                        "baseline_scores": o.baseline_scores,
                        "overfit_rate": o.overfit_rate,
                    }
                    for n, o in outputs
                },
            ),
        ),
        "kgen_source": hidden(
            "yaml",
            _jinja_yaml_lookup(
                "data_source",
                {
                    n: {
                        "describe": d.describe,
                        "reads": d.predict_reads,
                        "example": d.predict_example,
                        "usage": d.predict_usage,
                        "rows": d.predict_rows,
                        "count": d.predict_count,
                        "path": d.predict_path,
                        "targets": d.targets_path,
                        "evaluate_reads": d.evaluate_reads,
                    }
                    for n, d in catalog.DATA_SOURCES.items()
                },
            ),
        ),
        "kgen_run_files": hidden(
            "yaml",
            "{{ (" + json.dumps(list(RUN_FILES)) + " + ([kgen_output_kind.plot] if kgen_output_kind.plot else [])"
            " + (['classes.json'] if kgen_named_outputs else [])) | to_json }}",
        ),
        "kgen_distributed": hidden("bool", "{{ distribution != 'none' }}"),
        # tf.distribute normalizes each replica's slice of the batch on its own unless told to
        # synchronize; keras.distribution on JAX computes on the global batch already.
        "kgen_batch_norm_sync": hidden(
            "str", "{{ 'synchronized=True, ' if distribution != 'none' and backend == 'tensorflow' else '' }}"
        ),
        "kgen_backend": hidden(
            "yaml",
            _jinja_yaml_lookup(
                "backend",
                {
                    n: {
                        "packages": [catalog.KERAS, *b.packages],
                        "gpu": list(b.gpu_packages),
                        "jit_compile": b.jit_compile,
                        "jit_note": b.jit_note,
                        "cpu_note": b.cpu_note,
                    }
                    for n, b in catalog.BACKENDS.items()
                },
            ),
        ),
        # Where the layers that read strings run: "model" (TensorFlow), or "pipeline" on a backend that
        # computes on numbers only, for the stems that read strings (texts, a table's categorical columns).
        "kgen_strings": hidden(
            "str",
            "{{ 'pipeline' if backend in "
            + json.dumps([n for n, b in catalog.BACKENDS.items() if not b.strings_in_model])
            + " and (kgen_stem == 'tokens' or (kgen_stem == 'columns' and categorical_columns)) else 'model' }}",
        ),
        "kgen_custom_loss": hidden(
            "bool",
            "{{ " + json.dumps({n: loss.custom for n, loss in catalog.LOSSES.items()}) + ".get(loss, false) }}",
        ),
        "kgen_custom_metrics": hidden(
            "yaml",
            "{{ metrics | select('in', "
            + json.dumps([n for n, m in catalog.METRICS.items() if m.custom])
            + ") | list | to_json }}",
        ),
        "kgen_parts": hidden("yaml", json.dumps(_project_parts())),
        "kgen_steps": hidden("yaml", _steps()),
        "kgen_used_blocks": hidden("yaml", "{{ kgen_steps | map(attribute='block') | unique | list | to_json }}"),
        "kgen_stem_layers": hidden(
            "yaml", _jinja_yaml_lookup("kgen_stem", {n: list(stem.layers) for n, stem in catalog.STEMS.items()})
        ),
        "kgen_block_layers": hidden("yaml", _block_layers()),
        "kgen_head_layers": hidden(
            "yaml", _jinja_yaml_lookup("kgen_output", {n: list(o.layers) for n, o in catalog.OUTPUT_KINDS.items()})
        ),
        "kgen_custom_layers": hidden(
            "yaml", "{{ (kgen_stem_layers + kgen_block_layers + kgen_head_layers) | unique | list | to_json }}"
        ),
        "kgen_imports": hidden("yaml", _imports()),
        "kgen_train_params": hidden("yaml", _chosen_params()),
        "kgen_param_types": hidden("yaml", json.dumps(_param_types())),
    }


RUN_FILES = ("model.keras", "best.weights.h5", "history.csv", "history.png")
"""What every training run writes in its output folder; the output kind's plot and `classes.json` join them."""


def _asked(key: str) -> str:
    """Jinja for whether question `key` is asked, from its own condition."""
    when = BY_KEY[key].when
    assert when is not None
    return when.jinja()


def _stem() -> str:
    """The chosen stem for images; for tables, the data source's (named columns for a CSV)."""
    question = BY_KEY["preprocessing"]
    assert question.when is not None
    by_source = {name: source.stem for name, source in catalog.DATA_SOURCES.items()}
    asked = json.dumps(list(question.when.values))
    return "{{ preprocessing if task in " + asked + " else " + json.dumps(by_source) + "[data_source] }}"


def _steps() -> str:
    """Jinja for the list of calls `build_model` makes, in order: each block, and the pooling.

    The walk of `parse.model_steps` (which refuses an order that cannot work), for plain
    copier, with the same steps: `tests/unit/test_block_walk.py` renders this expression as
    copier does and compares the two. Each step is `{block, function, params, config, name}`;
    `params` has every parameter of the block, the answer's value or the catalog default,
    and its automatic ones (set from the blocks after it, as `catalog.auto_params` does,
    without those with layers that no block of its name sets); `config` maps keywords to
    `ModelConfig` fields. The pooling of a shape (`POOLINGS`, by input kind) goes before the
    first block that reads vectors, or at the end if none does.
    """
    gives = {name: catalog.INPUT_KINDS[task.input].gives for name, task in catalog.TASKS.items()}
    defaults = {name: {p.name: p.default for p in block.params} for name, block in catalog.BLOCKS.items()}
    functions = {name: block.function for name, block in catalog.BLOCKS.items()}
    reads = {name: block.reads for name, block in catalog.BLOCKS.items()}
    outputs = {name: block.output for name, block in catalog.BLOCKS.items()}
    autos = {
        name: [[auto.name, sorted(auto.blocks), auto.unless, auto.earlier] for auto in block.auto]
        for name, block in catalog.BLOCKS.items()
    }
    configs = {name: dict(block.from_config) for name, block in catalog.BLOCKS.items()}
    optional = {name: [auto.name for auto in block.auto if auto.layers] for name, block in catalog.BLOCKS.items()}
    pools = {
        name: {
            shape: {"block": pool.name, "function": pool.function, "params": {}, "config": {}, "name": pool.name}
            for shape, pool in catalog.POOLINGS[task.input].items()
        }
        for name, task in catalog.TASKS.items()
    }
    return (
        "{%- set pools = " + json.dumps(pools) + "[task] -%}"
        "{%- set ns = namespace(shape=" + json.dumps(gives) + "[task], steps=[]) -%}"
        "{%- for b in blocks -%}"
        "{%- if ns.shape in pools and " + json.dumps(reads) + "[b.block] == 'vectors' -%}"
        "{%- set ns.steps = ns.steps + [pools[ns.shape]] -%}{%- set ns.shape = 'vectors' -%}"
        "{%- endif -%}"
        "{%- set defaults = " + json.dumps(defaults) + "[b.block] -%}{%- set params = {} -%}"
        "{%- for key in defaults -%}{%- set _ = params.update({key: b[key] if key in b else defaults[key]}) -%}"
        "{%- endfor -%}"
        "{%- set names = blocks | map(attribute='block') | list -%}{%- set index = loop.index -%}"
        "{%- for auto in " + json.dumps(autos) + "[b.block] -%}"
        "{%- set others = names[:index - 1] if auto[3] else names[index:] -%}"
        "{%- set _ = params.update({auto[0]: (others | select('in', auto[1]) | list | length > 0) != auto[2]}) -%}"
        "{%- endfor -%}"
        "{%- set ns.steps = ns.steps + [{'block': b.block, 'function': " + json.dumps(functions) + "[b.block], "
        "'params': params, 'config': " + json.dumps(configs) + "[b.block], 'name': b.block ~ '_' ~ loop.index}] -%}"
        "{%- set ns.shape = 'sequences' if params.get('return_sequences') else " + json.dumps(outputs) + "[b.block] -%}"
        "{%- endfor -%}"
        "{%- if ns.shape in pools -%}{%- set ns.steps = ns.steps + [pools[ns.shape]] -%}{%- endif -%}"
        "{%- set optional = " + json.dumps(optional) + " -%}{%- set used = namespace(keys=[]) -%}"
        "{%- for step in ns.steps if step.block in optional -%}{%- for key in optional[step.block] -%}"
        "{%- if step.params[key] -%}{%- set used.keys = used.keys + [step.block ~ '.' ~ key] -%}{%- endif -%}"
        "{%- endfor -%}{%- endfor -%}"
        "{%- for step in ns.steps if step.block in optional -%}{%- for key in optional[step.block] -%}"
        "{%- if step.block ~ '.' ~ key not in used.keys -%}{%- set _ = step.params.pop(key) -%}{%- endif -%}"
        "{%- endfor -%}{%- endfor -%}"
        "{{ ns.steps | to_json }}"
    )


def _imports() -> str:
    """Jinja for module -> its import block: standard library, a blank line, third-party.

    The lines each module's template and the partials it includes declare at their top
    (`kgen.template_imports`), in the order ruff's isort rule wants (in each group `import x`
    lines, then `from x import y` lines, each sorted), so a template writes
    `{{ kgen_imports.data }}` with no tag of its own.
    """
    every = template_imports.every_line()
    standard = json.dumps(sorted(line for line in every if _module(line) in sys.stdlib_module_names))
    froms = json.dumps(sorted(line for line in every if line.startswith("from ")))
    modules = {}
    for module, lines in template_imports.module_imports().items():
        if lines == "([])":
            continue
        groups = [
            f"(({lines} | {select}('in', {standard}) | reject('in', {froms}) | unique | sort | list)"
            f" + ({lines} | {select}('in', {standard}) | select('in', {froms}) | unique | sort | list)) | join('\\n')"
            for select in ("select", "reject")
        ]
        modules[module] = "[" + ", ".join(groups) + "] | select | join('\\n\\n')"
    return "{{ {" + ", ".join(f"'{module}': {value}" for module, value in modules.items()) + "} | to_json }}"


def _module(line: str) -> str:
    """The top-level module an import line names: `numpy` for `import numpy as np`."""
    return line.split()[1].split(".")[0]


def _block_layers() -> str:
    """Jinja for the custom layers the used blocks' functions take, for `blocks.py` to import.

    A block's `layers`, and its automatic parameters' `layers` where some step sets them.
    """
    by_block = {name: list(block.layers) for name, block in catalog.BLOCKS.items()}
    by_block |= {pool.name: list(pool.layers) for pool in catalog.poolings()}
    by_param = {
        name: {a.name: list(a.layers) for a in block.auto if a.layers} for name, block in catalog.BLOCKS.items()
    }
    by_param |= {pool.name: {} for pool in catalog.poolings()}
    return (
        "{%- set ns = namespace(layers=[]) -%}{%- for step in kgen_steps -%}"
        "{%- set ns.layers = ns.layers + " + json.dumps(by_block) + "[step.block] -%}"
        "{%- for key, layers in " + json.dumps(by_param) + "[step.block].items() if step.params.get(key) -%}"
        "{%- set ns.layers = ns.layers + layers -%}{%- endfor -%}{%- endfor -%}"
        "{{ ns.layers | unique | sort | list | to_json }}"
    )


def _project_parts() -> dict[str, dict[str, Any]]:
    """The custom layers, losses and metrics `kgen new` can write, as the part templates read them.

    Each is the ready-made body of the same name, with its default parameters, in the module
    of that name (`losses/charbonnier.py`), so `kgen add-*` and the project share one body.
    """
    custom = {
        "layer": sorted(
            {name for stem in catalog.STEMS.values() for name in stem.layers}
            | {name for output in catalog.OUTPUT_KINDS.values() for name in output.layers}
            | {name for block in [*catalog.BLOCKS.values(), *catalog.poolings()] for name in block.layers}
            | {name for block in catalog.BLOCKS.values() for auto in block.auto for name in auto.layers}
        ),
        "loss": [name for name, loss in catalog.LOSSES.items() if loss.custom],
        "metric": [name for name, metric in catalog.METRICS.items() if metric.custom],
    }
    return {
        kind: {name: catalog.PARTS[kind][name].context(name, catalog.PARTS[kind][name].class_name) for name in names}
        for kind, names in custom.items()
    }


_PYTHON_TYPES = {"int": "int", "float": "float", "bool": "bool", "str": "str"}


def _chosen_params() -> str:
    """Jinja for {name: answer} of the chosen optimizer's and schedule's parameters.

    Each conditional names only the answers asked for that choice, so none is undefined.
    """
    parts = []
    for key, entries in (("optimizer", catalog.OPTIMIZERS), ("schedule", catalog.SCHEDULES)):
        branches = [
            "{" + ", ".join(f"'{p.name}': {p.name}" for p in entry.params) + f"}} if {key} == '{name}' else "
            for name, entry in entries.items()
            if entry.params
        ]
        parts.append("(" + "".join(branches) + "{})")
    return "{{ " + " | combine".join(parts[:1] + [f"({part})" for part in parts[1:]]) + " | to_json }}"


def _param_types() -> dict[str, str]:
    """Python type of every optimizer and schedule parameter, for the generated config class."""
    entries = [*catalog.OPTIMIZERS.values(), *catalog.SCHEDULES.values()]
    return {param.name: _PYTHON_TYPES[param.kind] for entry in entries for param in entry.params}


def render() -> str:
    """The whole `copier.yml` text."""
    import yaml  # only this build-time tool needs YAML

    document = dict(SETTINGS)
    for question in QUESTIONS:
        document[question.key] = question_entry(question)
    document |= computed_entries()
    return HEADER + yaml.safe_dump(document, sort_keys=False, width=120, allow_unicode=True)


if __name__ == "__main__":
    print(render(), end="")
