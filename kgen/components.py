"""`kgen add-layer`, `add-loss`, `add-metric`: write one custom part and its test into a project.

A part is two new files, `src/<package>/<kind>s/<module>.py` and `tests/test_<kind>_<module>.py`.
The project template's `layers/`, `losses/` and `metrics/` packages import every module they
hold, and each part registers itself with Keras, so nothing the template owns is edited and a
later `copier update` sees only files it does not know.

Everything is checked before anything is written: the project, the name, the parameters,
and that no file would be replaced. `kgen.render.part` renders the part from `templates/parts`
and formats it with the project's settings; only then are its files written.
"""

from __future__ import annotations

import difflib
import keyword
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kgen import catalog, keras_names, parse, render
from kgen import project as kgen_project
from kgen.errors import DestinationError, InvalidAnswer
from kgen.project import Project

FOLDERS = catalog.PART_FOLDERS
NAME_MOST = 64
"""The longest module name of a part: its test file's name, `test_metric_<name>.py`, must fit any file system."""
_BUILT_INS = {"layer": keras_names.LAYERS, "loss": keras_names.LOSSES, "metric": keras_names.METRICS}
_DEFINITION = re.compile(r"^(?:class|def)\s+([A-Za-z_]\w*)", re.MULTILINE)


@dataclass(frozen=True)
class Added:
    """What `add_part` wrote, or would write with `dry_run`.

    Attributes:
        project: The project it went into.
        files: The new files, relative to the project root.
        diff: A unified diff of the files against what was there (`/dev/null` when nothing).
        where: Where in the project the part is used, e.g. "in `compile_model` in `src/p/model.py`".
        code: The lines of code that use it there, the import first.
        dry_run: Nothing was written; `files` and `diff` show what would be.
    """

    project: Project
    files: list[Path]
    diff: str
    where: str = ""
    code: list[str] = field(default_factory=list)
    dry_run: bool = False


def find_project(start: Path) -> Project:
    """The project holding `start`: the nearest folder upward whose `.copier-answers.yml` names a package.

    Raises:
        DestinationError: No such folder, or it lacks the folders parts go into.
    """
    return _checked(kgen_project.find(start))


def _checked(project: Project) -> Project:
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", project.package):
        raise DestinationError(
            f"`{kgen_project.ANSWERS_FILE}` names the package `{project.package}`, which is not a Python name",
            hint="restore the file from git",
        )
    for kind in FOLDERS:
        init = project.part_folder(kind) / "__init__.py"
        if not init.is_file():
            raise DestinationError(
                f"`{init.relative_to(project.root)}` is missing: the project predates custom parts",
                hint="update the project to the current template first (`kgen update`)",
            )
    return project


def names_for(kind: str, name: str) -> tuple[str, str]:
    """The module name (snake_case) and class name (CamelCase) for a part called `name`.

    Raises:
        InvalidAnswer: `name` is not a Python identifier, or a Keras built-in has it.
    """
    example = f"my_{kind}"
    if not (name.isascii() and name.isidentifier()) or name.startswith("_"):
        suggestion = re.sub(r"\W+", "_", name).strip("_").lower() if name.isascii() else ""
        hint = f"did you mean `{suggestion}`?" if suggestion.isidentifier() else f"e.g. `{example}`"
        raise InvalidAnswer(
            f"`{name}` is not a valid {kind} name: use letters, digits and `_`, starting with a letter", hint=hint
        )
    module = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()
    module = re.sub(r"_+", "_", module)
    if len(module) > NAME_MOST:
        raise InvalidAnswer(
            f"the {kind} name `{name[:20]}...` is {len(module)} characters long, too long for a file name",
            hint=f"use at most {NAME_MOST} characters",
        )
    class_name = "".join(word[:1].upper() + word[1:] for word in module.split("_"))
    if keyword.iskeyword(module) or keyword.iskeyword(name):
        raise InvalidAnswer(f"`{name}` is a Python keyword", hint=f"e.g. `{module}_{kind}`")
    squashed = module.replace("_", "")
    clashes = sorted(built for built in _BUILT_INS[kind] if built.lower().replace("_", "") == squashed)
    if clashes:
        raise InvalidAnswer(
            f"`{name}` is taken by the Keras built-in `keras.{FOLDERS[kind]}.{clashes[0]}`",
            hint=f"choose another name, e.g. `{module}_{kind}` or `my_{module}`",
        )
    return module, class_name


def part_values(part: catalog.Part, given: Mapping[str, Any]) -> dict[str, Any]:
    """The body's parameter values: the flags given, checked, and defaults for the rest.

    Raises:
        InvalidAnswer: A flag that belongs to another body, or a value of the wrong type.
    """
    own = {param.name: param for param in part.params}
    values = {}
    for key, raw in given.items():
        if raw is None:
            continue
        if key not in own:
            owners = [p.name for p in catalog.PARTS[part.kind].values() if key in {q.name for q in p.params}]
            flag = "--" + key.replace("_", "-")
            raise InvalidAnswer(
                f"`{flag}` does not apply to `--from {part.name}`",
                hint=f"`{flag}` belongs to `--from {'` or `--from '.join(owners)}`" if owners else "leave it out",
            )
        values[key] = parse.param_value(key.replace("_", "-"), own[key], raw)
    return {param.name: values.get(param.name, param.default) for param in part.params}


def add_part(
    kind: str,
    name: str,
    body: str,
    given: Mapping[str, Any],
    *,
    start: Path,
    dry_run: bool = False,
    force: bool = False,
) -> Added:
    """Write the part `name` of `kind` from the ready-made `body` into the project at or above `start`.

    Args:
        kind: `layer`, `loss` or `metric`.
        name: The part's name; its module is the snake_case form, its class the CamelCase one.
        body: A `--from` name in `catalog.PARTS[kind]`.
        given: Parameter flags, name -> raw value (`None` when not given).
        start: A folder inside the project.
        dry_run: Render and diff, but write nothing.
        force: Replace the files of an existing part with the same name and kind.

    Raises:
        KgenError: Any check failed; nothing was written.
    """
    if body not in catalog.PARTS[kind]:
        choices = ", ".join(f"`{b}`" for b in catalog.PARTS[kind])
        raise InvalidAnswer(f"there is no ready-made {kind} `{body}`", hint=f"choose from {choices}")
    part = catalog.PARTS[kind][body]
    values = part_values(part, given)
    project = find_project(start)
    module, class_name = names_for(kind, name)
    targets = [
        Path("src", project.package, FOLDERS[kind], f"{module}.py"),
        Path("tests", f"test_{kind}_{module}.py"),
    ]
    _check_free(project, kind, module, class_name, targets, force=force)
    rendered = render.part(project.root, {"package": project.package, "part": part.context(module, class_name, values)})
    diff = "".join(_diff(project.root / target, rendered[target], target) for target in targets)
    if not dry_run:
        for target in targets:
            (project.root / target).parent.mkdir(parents=True, exist_ok=True)
            (project.root / target).write_text(rendered[target], encoding="utf-8")
    return Added(project, targets, diff, *usage(kind, project.package, module, class_name), dry_run=dry_run)


def _check_free(project: Project, kind: str, module: str, class_name: str, targets: list[Path], *, force: bool) -> None:
    """Refuse a part whose files exist (unless `force`) or whose class another part has."""
    existing = [target for target in targets if (project.root / target).exists()]
    if existing and not force:
        raise DestinationError(
            f"the {kind} `{module}` exists already: `{existing[0].as_posix()}`",
            hint="choose another name, or pass `--force` to replace its files",
        )
    for folder in (project.part_folder(other) for other in FOLDERS):
        for path in sorted(folder.glob("*.py")):
            if path.name == "__init__.py" or path == project.root / targets[0]:
                continue
            if class_name in _DEFINITION.findall(path.read_text(encoding="utf-8")):
                raise InvalidAnswer(
                    f"`{class_name}` is defined already, in `{path.relative_to(project.root).as_posix()}`",
                    hint="choose another name: Keras registers each class under its name in the package",
                )


def _diff(path: Path, text: str, target: Path) -> str:
    old = path.read_text(encoding="utf-8").splitlines(keepends=True) if path.is_file() else []
    before = f"a/{target.as_posix()}" if old else "/dev/null"
    return "".join(difflib.unified_diff(old, text.splitlines(keepends=True), before, f"b/{target.as_posix()}"))


def usage(kind: str, package: str, module: str, class_name: str) -> tuple[str, list[str]]:
    """Where the new part goes in the project's code, and the lines that put it there."""
    model = f"`src/{package}/model.py`"
    where, line = {
        "layer": (f"`build_model` in {model}", f'x = {class_name}(name="{module}")(x)'),
        "loss": (f"`compile_model` in {model} (train.py and evaluate.py call it)", f"loss={class_name}(),"),
        "metric": (f"`compile_model` in {model} (train.py and evaluate.py call it)", f"metrics=[..., {class_name}()],"),
    }[kind]
    return where, [f"from {package}.{FOLDERS[kind]}.{module} import {class_name}", line]
