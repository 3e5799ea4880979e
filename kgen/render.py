"""The only module that imports copier: render whole projects and the custom parts of `kgen add-*`, then format them.

It imports copier only inside functions.

copier reads the project template from its version history (`kgen.source`), so the project's
`.copier-answers.yml` records the template URL and version that `copier update` needs. The
project is rendered and formatted in a temporary folder next to the destination and moved there
only when everything worked, so a failure never leaves half a project behind. A part is
rendered from the installed `templates/parts`, with no history and no answers file.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kgen import __version__, catalog, git
from kgen.errors import DestinationError, InvalidAnswer, KgenError

if TYPE_CHECKING:
    from kgen.source import TemplateSource
    from kgen.spec import Spec

BUG_HINT = "this is a bug in kgen; please report it with the command you ran"
_PARTS = Path("templates", "parts")
_IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".DS_Store")


def template_root() -> Path:
    """The folder holding `copier.yml` and `templates/`.

    An installed wheel carries them in `kgen/_template`; a source checkout has them at the
    repository root, beside the `kgen` package.

    Raises:
        KgenError: Neither place holds the template.
    """
    package = Path(__file__).resolve().parent
    for root in (package / "_template", package.parent):
        if (root / "copier.yml").is_file() and (root / "templates").is_dir():
            return root
    raise KgenError("kgen's project template is missing", hint="reinstall kgen: `pip install --force-reinstall kgen`")


def check_destination(destination: Path, *, force: bool) -> None:
    """Refuse a destination that cannot take a new project.

    Raises:
        DestinationError: It is a file, or a folder that is not empty (unless `force`).
    """
    try:
        destination.exists()
    except (OSError, ValueError) as error:  # a name too long, a NUL byte
        raise DestinationError(
            f"destination `{destination}` cannot be a folder ({getattr(error, 'strerror', None) or error})",
            hint="choose a shorter folder path, of letters, digits, `-` and `_`",
        ) from None
    if destination.exists() and not destination.is_dir():
        raise DestinationError(f"destination `{destination}` is a file", hint="choose a folder path for the project")
    above = next((path for path in destination.absolute().parents if path.exists()), None)
    if above is not None and not above.is_dir():
        raise DestinationError(
            f"destination `{destination}` is inside `{above}`, which is a file",
            hint="choose a folder path for the project",
        )
    if destination.is_dir() and not force and any(destination.iterdir()):
        raise DestinationError(
            f"destination `{destination}` is not empty",
            hint="pass `--force` to write into it anyway, or choose another folder",
        )


def new_project(
    spec: Spec,
    destination: Path,
    *,
    force: bool = False,
    dry_run: bool = False,
    formatter: str = "ruff",
    init_git: bool = True,
    source: TemplateSource | None = None,
) -> list[Path]:
    """Render the project that `spec` describes into `destination`.

    Args:
        spec: The validated answers.
        destination: The project folder; created when missing.
        force: Write into a folder that is not empty, replacing the files the project has.
        dry_run: Render in a temporary folder only; write nothing at `destination`.
        formatter: `ruff` or `black`, run over the generated Python files.
        init_git: Make the project a git repository with a first commit, unless it is
            already inside one.
        source: The template history; kgen's own when `None`.

    Returns:
        The paths of the project's files, relative to `destination`, sorted.

    Raises:
        KgenError: The destination cannot take the project, or rendering or formatting failed.
    """
    if formatter not in catalog.FORMATTERS:
        raise InvalidAnswer(
            f"unknown formatter `{formatter}`", hint="choose `" + "` or `".join(catalog.FORMATTERS) + "`"
        )
    check_destination(destination, force=force)
    workdir = _make_workdir(None if dry_run else _existing_ancestor(destination))
    try:
        project = workdir / "project"
        render_version(project, spec.copier_data(destination), source=source)
        format_code(project, formatter)
        written = sorted(path.relative_to(project) for path in project.rglob("*") if path.is_file())
        if not dry_run:
            _check_overlay(project, destination)
            _place(project, destination)
            if init_git:
                _first_commit(destination, spec["project_name"])
        return written
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def render_version(
    project: Path, data: dict[str, Any], *, version: str | None = None, source: TemplateSource | None = None
) -> None:
    """Render one template version with `data` into the new folder `project`, without formatting.

    Raises:
        KgenError: The version is unknown, or copier failed.
    """
    from kgen import source as sources

    source = source or sources.installed()
    version = version or source.latest
    _run_copier(source, project, data, version)


def part(project_root: Path, data: dict[str, Any]) -> dict[Path, str]:
    """Render one custom part from `templates/parts`, formatted with the project's settings.

    The parts template's settings are `templates/parts/copier.yml`, but its `_subdirectory` and
    `{% include %}` paths start at the folder holding `templates/`, as the project template's
    includes of the same bodies do. copier takes its settings from the template root, so the part
    is rendered from a work folder laid out that way: that `copier.yml` at the top, and a copy
    of `templates/parts` (the only folder the parts template reads).

    Args:
        project_root: The project; its `pyproject.toml` sets the line length and ruff's rules.
        data: The parts template's answers: `package` and `part`.

    Returns:
        The text of each rendered file, by path relative to the project.

    Raises:
        KgenError: copier or the formatter failed.
    """
    parts = template_root() / _PARTS
    workdir = Path(tempfile.mkdtemp(prefix="kgen-part-"))
    try:
        template, output = workdir / "template", workdir / "part"
        shutil.copytree(parts, template / _PARTS, ignore=_IGNORED)
        shutil.copy2(parts / "copier.yml", template / "copier.yml")
        _run_parts_copier(template, output, data)
        if (project_root / "pyproject.toml").is_file():
            shutil.copy2(project_root / "pyproject.toml", output / "pyproject.toml")
        format_code(output, "ruff")
        files = [path for path in output.rglob("*.py") if path.is_file()]
        return {path.relative_to(output): path.read_text(encoding="utf-8") for path in files}
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _run_parts_copier(template: Path, output: Path, data: dict[str, Any]) -> None:
    import copier  # deferred: importing copier takes about half a second
    from copier.errors import CopierError

    try:
        copier.run_copy(
            str(template),
            str(output),
            data=data,
            defaults=True,
            overwrite=False,
            quiet=True,
            unsafe=False,
            settings=copier.Settings(),
        )
    except (CopierError, ValueError) as error:
        raise KgenError(f"the part could not be rendered: {error}", hint=BUG_HINT) from error


def _first_commit(destination: Path, name: str) -> None:
    """`git init` and commit the new project, so that `kgen update` can merge into it later."""
    if not git.available() or git.toplevel(destination) is not None:
        return  # inside a repository already: the user commits it with the rest of their work
    git.init_and_commit(destination, f"Create {name} with kgen {__version__}")


def _existing_ancestor(destination: Path) -> Path:
    """The destination's closest existing parent folder, where the work folder goes."""
    path = destination.absolute().parent
    while not path.is_dir():
        path = path.parent
    return path


def _make_workdir(parent: Path | None) -> Path:
    try:
        return Path(tempfile.mkdtemp(prefix=".kgen-", dir=parent))
    except OSError as error:
        raise DestinationError(
            f"cannot write in `{parent}`: {error.strerror}", hint="choose a destination in a folder you can write to"
        ) from None


def _run_copier(source: TemplateSource, project: Path, data: dict[str, Any], version: str) -> None:
    import copier  # deferred: importing copier takes about half a second
    from copier.errors import CopierError
    from jinja2 import TemplateError

    try:
        with source.redirect():
            copier.run_copy(
                source.url,
                str(project),
                data=data,
                vcs_ref=f"v{version}",
                defaults=True,
                overwrite=True,
                quiet=True,
                unsafe=False,
                settings=copier.Settings(),
            )
    except (CopierError, ValueError, TemplateError) as error:
        raise KgenError(f"the template could not be rendered: {error}", hint=BUG_HINT) from error


def format_code(project: Path, formatter: str) -> None:
    """Format every Python file of the project in place with `ruff` or `black`.

    Raises:
        KgenError: The formatter is missing or refused the code.
    """
    files = sorted(path.relative_to(project).as_posix() for path in project.rglob("*.py"))
    format_files(project, files, formatter)


def format_files(project: Path, files: list[str], formatter: str) -> None:
    """Format these Python files of the project (paths relative to it) in place.

    The project's own `pyproject.toml` settings apply; nothing from the folders around it.

    Raises:
        KgenError: The formatter is missing or refused the code.
    """
    if not files:
        return
    settings = _pyproject_tool(project)
    if formatter == "ruff":
        options = ["format", "--quiet", "--no-cache", *([] if "ruff" in settings else ["--isolated"])]
    else:
        options = ["--quiet", *_black_options(project, settings)]
    command = [*_formatter_program(formatter), *options, *files]
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        output = (result.stderr or result.stdout).strip()
        if f"No module named {formatter}" in output:
            raise KgenError(f"the formatter `{formatter}` is not installed", hint=f"`pip install {formatter}`")
        raise KgenError(f"`{formatter}` could not format the generated code:\n{output}", hint=BUG_HINT)


def _formatter_program(formatter: str) -> list[str]:
    """How to run the formatter: ruff's own binary when its package says where it is.

    `python -m ruff` starts an interpreter only to exec that binary, about 30 ms each time.
    """
    if formatter == "ruff":
        try:
            from ruff.__main__ import find_ruff_bin
        except ImportError:
            pass
        else:
            try:
                return [find_ruff_bin()]
            except FileNotFoundError:
                pass
    return [sys.executable, "-m", formatter]


def _pyproject_tool(project: Path) -> dict[str, Any]:
    """The `[tool]` table of the project's `pyproject.toml`, or an empty one."""
    try:
        return dict(tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8")).get("tool", {}))
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def _black_options(project: Path, settings: dict[str, Any]) -> list[str]:
    """Black reads only the project's file, and keeps its line length when only ruff sets one."""
    options = ["--config", str(project / "pyproject.toml")] if (project / "pyproject.toml").is_file() else []
    line_length = settings.get("ruff", {}).get("line-length")
    if line_length and "line-length" not in settings.get("black", {}):
        options += ["--line-length", str(line_length)]
    return options


def _check_overlay(project: Path, destination: Path) -> None:
    """Refuse before writing when a file would have to replace a folder, or the reverse."""
    for path in project.rglob("*"):
        target = destination / path.relative_to(project)
        if target.exists() and target.is_dir() != path.is_dir():
            kind = "a folder" if target.is_dir() else "a file"
            raise DestinationError(
                f"`{target}` is {kind}, but the project has {'a folder' if path.is_dir() else 'a file'} there",
                hint="move it out of the way, or choose another destination",
            )


def _place(project: Path, destination: Path) -> None:
    """Move the finished project to `destination`, or copy it over the files already there."""
    if destination.is_dir() and any(destination.iterdir()):
        shutil.copytree(project, destination, dirs_exist_ok=True)
        return
    if destination.is_dir():
        destination.rmdir()
    destination.parent.mkdir(parents=True, exist_ok=True)
    project.rename(destination)
