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
from typing import Any

from kgen import catalog
from kgen.questions import QUESTIONS, ByAnswer, Question

HEADER = """\
# The project template's questions. GENERATED from kgen/catalog.py and kgen/questions.py:
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
_COPIER_TYPES |= {"multichoice": "str", "columns": "yaml", "blocks": "yaml"}


def _jinja_lookup(key: str, mapping: dict[str, Any]) -> str:
    """A Jinja expression that looks `key`'s answer up in `mapping`."""
    return "{{ " + json.dumps(mapping) + "[" + key + "] }}"


def _jinja_yaml_lookup(key: str, mapping: dict[str, Any]) -> str:
    return "{{ (" + json.dumps(mapping) + "[" + key + "]) | to_json }}"


def _default(question: Question) -> Any:
    default = question.default
    if isinstance(default, ByAnswer):
        mapping = dict(default.mapping)
        if question.kind in ("blocks", "multichoice", "columns"):
            return _jinja_yaml_lookup(default.key, mapping)
        return _jinja_lookup(default.key, mapping)
    if question.key == "package":
        return "{{ project_name | replace('-', '_') }}"
    if question.key == "metrics":
        by_task = {name: list(task.default_metrics) for name, task in catalog.TASKS.items()}
        fitting = {name: catalog.metrics_for(name) for name in catalog.LOSSES}
        return (
            "{{ " + json.dumps(by_task) + "[task] | select('in', " + json.dumps(fitting) + "[loss]) | list | to_json }}"
        )
    return default


def _validator(question: Question) -> str | None:
    if question.pattern:
        return (
            "{% if not ("
            + question.key
            + " | regex_search('^"
            + question.pattern
            + "$')) %}"
            + (question.help + "{% endif %}")
        )
    checks = []
    if question.minimum is not None:
        checks.append(f"{question.key} < {question.minimum}")
    if question.maximum is not None:
        checks.append(f"{question.key} > {question.maximum}")
    if checks:
        bounds = ", ".join(
            part
            for part in (
                f"at least {question.minimum:g}" if question.minimum is not None else "",
                f"at most {question.maximum:g}" if question.maximum is not None else "",
            )
            if part
        )
        return "{% if " + " or ".join(checks) + " %}" + f"{question.key} must be {bounds}" + "{% endif %}"
    if question.kind == "blocks":
        fitting = {name: catalog.blocks_for(name) for name in catalog.TASKS}
        return (
            "{% for b in blocks %}{% if b.block not in " + json.dumps(fitting) + "[task] %}"
            "block {{ b.block }} does not fit task {{ task }}; "
            "{% endif %}{% endfor %}"
        )
    return None


def _choices(question: Question) -> dict[str, Any]:
    assert question.choices is not None
    result: dict[str, Any] = {}
    for name, help_text in question.choices.entries.items():
        entry: dict[str, Any] = {"value": name}
        if question.choices.key and question.choices.fits is not None:
            fits = list(question.choices.fits[name])
            entry["validator"] = (
                "{% if " + question.choices.key + " not in " + json.dumps(fits) + " %}"
                f"{name} does not fit the chosen {question.choices.key}" + "{% endif %}"
            )
        result[f"{name}: {help_text}"] = entry
    return result


def question_entry(question: Question) -> dict[str, Any]:
    """One question as a copier.yml mapping."""
    entry: dict[str, Any] = {"type": _COPIER_TYPES[question.kind], "help": question.help}
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
    """The `kgen_*` values the templates read; never asked, never stored."""

    def hidden(kind: str, default: Any) -> dict[str, Any]:
        return {"type": kind, "default": default, "when": False}

    tasks = catalog.TASKS.items()
    block_defaults = {
        name: {param.name: param.default for param in block.params} for name, block in catalog.BLOCKS.items()
    }
    return {
        "kgen_input": hidden("str", _jinja_lookup("task", {n: t.input for n, t in tasks})),
        "kgen_target": hidden("str", _jinja_lookup("task", {n: t.target for n, t in tasks})),
        "kgen_labels": hidden("str", _jinja_lookup("loss", {n: loss.labels for n, loss in catalog.LOSSES.items()})),
        "kgen_custom_loss": hidden(
            "bool", _jinja_lookup("loss", {n: loss.custom for n, loss in catalog.LOSSES.items()})
        ),
        "kgen_custom_metrics": hidden(
            "yaml",
            "{{ metrics | select('in', "
            + json.dumps([n for n, m in catalog.METRICS.items() if m.custom])
            + ") | list | to_json }}",
        ),
        "kgen_parts": hidden("yaml", json.dumps(_project_parts())),
        "kgen_block_defaults": hidden("yaml", json.dumps(block_defaults)),
        "kgen_block_functions": hidden("yaml", json.dumps({n: b.function for n, b in catalog.BLOCKS.items()})),
        "kgen_flat_blocks": hidden("yaml", json.dumps([n for n, b in catalog.BLOCKS.items() if not b.spatial])),
        "kgen_train_params": hidden("yaml", _chosen_params()),
        "kgen_param_types": hidden("yaml", json.dumps(_param_types())),
    }


def _project_parts() -> dict[str, dict[str, Any]]:
    """The custom losses and metrics `kgen new` can write, as the part templates read them.

    Each is the ready-made body of the same name, with its default parameters, in the module
    of that name (`losses/charbonnier.py`), so `kgen add-*` and the project share one body.
    """
    custom = {
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
