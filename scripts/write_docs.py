"""Write the catalog tables of `README.md` and the module table of `ARCHITECTURE.md`.

    python scripts/write_docs.py            # rewrite every table between its markers
    python scripts/write_docs.py --check    # exit 1, naming the files, if a table differs

Each table sits between `<!-- generated: NAME -->` and `<!-- end generated -->`; the text
around it is written by hand. The catalog tables read `kgen.catalog` by its public names,
the module table walks the `kgen` package (one row per module, one per sub-package) and
takes each one's job from its docstring's first sentence, read without importing it.
Standard library only; `tests/unit/test_readme.py` fails when a file differs from this.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kgen import catalog  # noqa: E402

COMMAND = "python scripts/write_docs.py"
MARKER = re.compile(r"(<!-- generated: ([a-z_]+) -->\n)(.*?)(<!-- end generated -->)", re.DOTALL)

# Words the catalog has no field for (yet): each input kind as a table cell says it, in the
# order cells list them, and each label encoding a loss trains on. A kind missing here is
# written by its name.
INPUT_WORDS = {
    "image": "images",
    "table": "tables",
    "text": "texts",
    "series": "series",
    "pixels": "images of any size",
}
LABEL_WORDS = {"binary": "binary", "sparse": "class indices", "one_hot": "one-hot", "continuous": "continuous"}

# Phrases the catalog has no field for: the flags that go with a choice, and what a file
# format accepts beyond its one-line help. Appended to the entry's "what" cell as they are.
NOTES = {
    ("stems", "tokens"): " (`--sequence-length`, `--max-tokens`, `--standardize`; defaults read from the texts)",
    ("data_sources", "text_csv"): " (quoted commas and line breaks inside a text are fine)",
    ("data_sources", "paired_folders"): " (`--input-folder`, `--target-folder`)",
    ("data_sources", "image_arrays"): ": `--input-key`, `--target-key`; `--pixel-max` is read from the values",
    ("data_sources", "mask_folders"): " (`--mask-colors` lists the colors in class order)",
}

# Docstrings of modules that have none yet, by path: read only when the module's own is missing.
FALLBACK_JOBS: dict[str, str] = {}


def code(name: object) -> str:
    return f"`{name}`"


def either(names: Iterable[str], word: str = "or") -> str:
    """`a`, `a or b`, `a, b or c`."""
    names = list(names)
    return ", ".join(names[:-1]) + f" {word} " + names[-1] if len(names) > 1 else "".join(names)


def in_order(names: Iterable[str], order: Iterable[str]) -> list[str]:
    """`names` in the order of `order`, names `order` lacks last, sorted."""
    names, order = set(names), list(dict.fromkeys(order))
    return [name for name in order if name in names] + sorted(names - set(order))


def inputs(kinds: Iterable[str]) -> str:
    return ", ".join(INPUT_WORDS.get(kind, kind) for kind in in_order(kinds, [*INPUT_WORDS, *catalog.INPUT_KINDS]))


def outputs(kinds: Iterable[str]) -> str:
    return ", ".join(in_order(kinds, catalog.OUTPUT_KINDS))


def labels(encodings: Iterable[str]) -> str:
    return ", ".join(LABEL_WORDS.get(name, name) for name in in_order(encodings, LABEL_WORDS))


def value(default: object) -> str:
    return str(default).lower() if isinstance(default, bool) else str(default)


def params(entries: Iterable[catalog.Param]) -> str:
    """`units=64`, `merge=concatenate` (or `add`): the parameters and their defaults."""
    cells = []
    for param in entries:
        others = [code(choice) for choice in param.choices if choice != param.default]
        cells.append(code(f"{param.name}={value(param.default)}") + (f" (or {either(others)})" if others else ""))
    return ", ".join(cells)


def what(table: str, name: str, help: str) -> str:
    return help + NOTES.get((table, name), "")


def table(header: list[str], rows: Iterable[list[str]]) -> str:
    lines = [header, ["---"] * len(header), *rows]
    return "".join("| " + " | ".join(cell.replace("|", "\\|") for cell in line) + " |\n" for line in lines)


def layer_classes(names: Iterable[str]) -> list[str]:
    return [code(catalog.PARTS["layer"][name].class_name) for name in names]


def stems() -> str:
    rows = [[code(n), what("stems", n, s.help), inputs(s.inputs)] for n, s in catalog.STEMS.items()]
    return table(["name", "what", "inputs"], rows)


def _heads(attribute: str) -> str:
    """A multi-output task's loss or metrics: those of its heads, a class or a number each."""
    classes, numbers = catalog.OUTPUT_KINDS["multiclass"], catalog.OUTPUT_KINDS["continuous"]
    if attribute == "loss":
        return f"per head: {code(classes.default_loss)} for classes, {code(numbers.default_loss)} for numbers"
    return (
        f"per head: {', '.join(map(code, classes.default_metrics))} for classes, "
        f"{', '.join(map(code, numbers.default_metrics))} for numbers"
    )


def tasks() -> str:
    rows = []
    for name, task in catalog.TASKS.items():
        output = catalog.OUTPUT_KINDS[task.output]
        others = [code(source) for source in catalog.data_sources_for(name) if source != task.default_data_source]
        source = code(task.default_data_source) + (f" (or {either(others)})" if others else "")
        heads = output.labels == "heads"
        loss = _heads("loss") + ", weighted by `--loss-weights`" if heads else code(output.default_loss)
        metrics = _heads("metrics") if heads else ", ".join(map(code, output.default_metrics))
        if output.more_help:
            metrics += f"; `evaluate` adds {output.more_help}"
        rows.append([code(name), task.help, source, loss, metrics, output.baseline])
    return table(["name", "what", "data source", "default loss", "default metrics", "baseline"], rows)


def _auto(block: catalog.Block) -> list[str]:
    """What kgen sets on a block from its neighbours, in words."""
    phrases = []
    for auto in block.auto:
        neighbours = either(code(name) for name in in_order(auto.blocks, catalog.BLOCKS))
        where = f"{'no' if auto.unless else 'a'} {neighbours} comes {'before' if auto.earlier else 'after'} it"
        adds = f", with {either(layer_classes(auto.layers), 'and')}" if auto.layers else ""
        phrases.append(f"{code(auto.name)} set when {where}{adds}")
    phrases += [f"{code(key)} from {code(answer)}" for key, answer in block.from_config.items()]
    return phrases


def blocks() -> str:
    rows = []
    for name, block in catalog.BLOCKS.items():
        uses = f"; uses {either(layer_classes(block.layers), 'and')}" if block.layers else ""
        cell = "; ".join(filter(None, [params(block.params), *_auto(block)]))
        rows.append([code(name), block.help + uses, inputs(block.inputs), cell])
    return table(["name", "what", "inputs", "parameters (defaults)"], rows)


def losses() -> str:
    rows = [
        [code(name), loss.help, labels([loss.labels]), outputs(loss.outputs)] for name, loss in catalog.LOSSES.items()
    ]
    return table(["name", "what", "labels", "targets"], rows)


def _metric_outputs(metric: catalog.Metric) -> set[str]:
    """The output kinds a metric can score: those of a loss whose labels it reads (and its own, if it lists them)."""
    fits = {kind for loss in catalog.LOSSES.values() if loss.labels in metric.labels for kind in loss.outputs}
    return fits & metric.outputs if metric.outputs else fits


def metrics() -> str:
    rows = [
        [code(name), metric.help, labels(metric.labels), outputs(_metric_outputs(metric))]
        for name, metric in catalog.METRICS.items()
    ]
    return table(["name", "what", "reads labels that are", "targets"], rows)


def optimizers() -> str:
    rows = [
        [code(name), optimizer.help, str(optimizer.learning_rate), params(optimizer.params)]
        for name, optimizer in catalog.OPTIMIZERS.items()
    ]
    return table(["name", "what", "learning rate", "parameters (defaults)"], rows)


def schedules() -> str:
    rows = [[code(name), schedule.help, params(schedule.params)] for name, schedule in catalog.SCHEDULES.items()]
    return table(["name", "what", "parameters (defaults)"], rows)


def requirements(lines: Iterable[str]) -> str:
    """Requirement lines as a cell: what Linux installs, the marker left out (`tensorflow-cpu==2.21.0`)."""
    return ", ".join(code(line.split(";")[0].strip()) for line in lines if "!= 'linux'" not in line)


def backends() -> str:
    rows = [
        [
            code(name),
            backend.help,
            requirements(backend.packages),
            requirements(backend.gpu_packages),
            code(str(backend.jit_compile).lower() if isinstance(backend.jit_compile, bool) else backend.jit_compile),
        ]
        for name, backend in catalog.BACKENDS.items()
    ]
    return table(["name", "what", "packages (besides Keras)", "`gpu` extra", "`jit_compile`"], rows)


def precisions() -> str:
    return table(["name", "what"], [[code(name), precision.help] for name, precision in catalog.PRECISIONS.items()])


def distributions() -> str:
    rows = [
        [code(name), distribution.help, ", ".join(code(backend) for backend in distribution.backends)]
        for name, distribution in catalog.DISTRIBUTIONS.items()
    ]
    return table(["name", "what", "backends"], rows)


def _source_outputs(source: str) -> set[str]:
    """The output kinds of the tasks that can read a data source."""
    return {task.output for name, task in catalog.TASKS.items() if source in catalog.data_sources_for(name)}


def data_sources() -> str:
    rows = [
        [code(name), what("data_sources", name, source.help), inputs(source.inputs), outputs(_source_outputs(name))]
        for name, source in catalog.DATA_SOURCES.items()
    ]
    return table(["name", "what", "inputs", "targets"], rows)


def first_sentence(docstring: str) -> str:
    """The first sentence of a docstring's first paragraph, its lines joined, without the period."""
    paragraph = " ".join(docstring.strip().split("\n\n")[0].split())
    return re.split(r"(?<=[^.\s]{2}[.!?])\s", paragraph)[0].rstrip(".")  # not after "e.g."


def job(path: Path) -> str:
    """What a module, or a package's `__init__.py`, says it does."""
    relative = path.relative_to(ROOT).as_posix()
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"), filename=relative))
    if not docstring and relative not in FALLBACK_JOBS:
        raise SystemExit(f"{relative} has no docstring: its first sentence is the module table's row")
    return first_sentence(docstring) if docstring else FALLBACK_JOBS[relative]


def package_rows(folder: Path) -> list[list[str]]:
    """One row per module of `folder`, and one per sub-package (its `__init__.py`), by name."""
    rows = []
    for path in sorted(folder.iterdir()):
        if path.is_dir() and (path / "__init__.py").exists():
            rows.append([code(path.relative_to(ROOT).as_posix() + "/"), job(path / "__init__.py")])
        elif path.suffix == ".py":
            rows.append([code(path.relative_to(ROOT).as_posix()), job(path)])
    return rows


def modules() -> str:
    return table(["module", "its one job"], package_rows(ROOT / "kgen"))


TABLES: dict[str, dict[str, Callable[[], str]]] = {
    "README.md": {
        "stems": stems,
        "tasks": tasks,
        "blocks": blocks,
        "losses": losses,
        "metrics": metrics,
        "optimizers": optimizers,
        "schedules": schedules,
        "data_sources": data_sources,
        "backends": backends,
        "precisions": precisions,
        "distributions": distributions,
    },
    "ARCHITECTURE.md": {"modules": modules},
}


def fill(text: str, tables: dict[str, Callable[[], str]], filename: str) -> str:
    """`text` with each generated table rewritten; every table must have its markers, once."""
    found = [match.group(2) for match in MARKER.finditer(text)]
    if sorted(found) != sorted(tables):
        raise SystemExit(f"{filename}: the generated tables are {found}, expected each of {sorted(tables)} once")
    return MARKER.sub(lambda match: match.group(1) + tables[match.group(2)]() + match.group(4), text)


def written() -> dict[Path, tuple[str, str]]:
    """Each file's text now and as this script writes it."""
    result = {}
    for filename, tables in TABLES.items():
        path = ROOT / filename
        text = path.read_text(encoding="utf-8")
        result[path] = (text, fill(text, tables, filename))
    return result


def main(check: bool) -> int:
    stale = []
    for path, (old, new) in written().items():
        if old != new:
            stale.append(path.name)
            if not check:
                path.write_text(new, encoding="utf-8")
    if check and stale:
        print(f"{', '.join(stale)}: the generated tables differ; run `{COMMAND}`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(check="--check" in sys.argv[1:]))
