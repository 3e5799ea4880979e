"""The `kgen` command line: parse flags, ask what is missing, print what happened.

Template logic lives in `kgen.render`, validation in `kgen.spec`. Errors users can fix
reach `KgenGroup`, which prints them with a hint and exits without a traceback. Only
click and light kgen modules load at import time, so that `kgen --help` is instant.
"""

from __future__ import annotations

import re
import shlex
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from kgen import __version__
from kgen.catalog import FORMATTERS, PARTS, Param
from kgen.errors import InvalidAnswer, KgenError
from kgen.questions import BY_KEY, PROJECT_NAME_PATTERN, QUESTIONS, ByAnswer, Question

if TYPE_CHECKING:
    from kgen.components import Added
    from kgen.spec import Ask, Spec
    from kgen.update import Outcome

_METAVARS = {"str": "TEXT", "int": "INT", "float": "NUMBER", "bool": "BOOL", "choice": "NAME"}
_METAVARS |= {"multichoice": "NAMES", "columns": "COLUMNS", "column_subset": "COLUMNS"}
_METAVARS |= {"counts": "COLUMN=N,...", "weights": "COLUMN=NUMBER,..."}


class KgenGroup(click.Group):
    """A group that prints `KgenError`s as `Error:` and `hint:` lines and exits with their code.

    This is the only place where errors become output. An error's `prefix` replaces `Error: `
    where it is news rather than a failure (`kgen check-update`).
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgenError as error:
            _fail(error)


def _fail(error: KgenError) -> NoReturn:
    click.echo(f"{error.prefix}{error}", err=True)
    if error.hint:
        click.echo(f"\nhint: {error.hint}", err=True)
    sys.exit(error.exit_code)


@click.group(cls=KgenGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="kgen", message="%(prog)s %(version)s")
def cli() -> None:
    """Create Keras 3 projects that train, test and run in CI.

    \b
    Start with:
      kgen new my-model           ask the questions, write ./my-model
      kgen new -h                 every question as a flag
      kgen add-layer -h           ready-made custom parts, with their tests
      kgen update --dry-run       what a newer template would change
    """


_FLAG_NOTES = {"data_path": "; in an `--answers` file, relative to the file's folder"}
"""What a flag's help adds to its question's: how the same answer reads elsewhere."""


def _help(question: Question) -> str:
    """The flag's help: the question, what it offers, when it applies, and its default."""
    text = question.help + _FLAG_NOTES.get(question.key, "")
    if question.choices is not None:
        text += ": " + ", ".join(question.offered())
    if question.when is not None:
        text += f" (only when {question.when.describe()})"
    default = _shown_default(question)
    return f"{text}  [default: {default}]" if default else text


def _shown_default(question: Question) -> str:
    """The default as `--help` shows it; many depend on earlier answers or on the data."""
    from kgen import sources  # its modules load when `kgen new --help` is shown, not for `kgen --help`

    if question.key in sources.from_data():
        return "read from the data"
    if isinstance(question.default, ByAnswer):
        return f"depends on {question.default.key}"
    if callable(question.default):
        return "depends on earlier answers"
    if question.default in (None, [], ""):
        return ""
    if isinstance(question.default, bool):
        return "true" if question.default else "false"
    return str(question.default)


def _block_help(question: Question) -> str:
    return (
        "One block of the architecture; repeat it for each block, in order, "
        f"e.g. `--block conv:filters=32 --block dense:units=64`  [default: {_shown_default(question)}]"
    )


class _QuestionOption(click.Option):
    """The flag of a question, whose help is written when it is shown: the defaults the data
    gives are known to the data sources' modules, which only `kgen new --help` needs."""

    def __init__(self, *args: Any, question: Question, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.question = question

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        self.help = _block_help(self.question) if self.question.kind == "blocks" else _help(self.question)
        return super().get_help_record(ctx)


def _question_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """One option per question, in question order: `--data-path`, `--block` (repeatable), ..."""
    for question in reversed(QUESTIONS):
        if question.kind == "blocks":
            option = click.option(
                "--block",
                question.key,
                cls=_QuestionOption,
                question=question,
                multiple=True,
                metavar="NAME:KEY=VALUE,...",
            )
        else:
            option = click.option(
                question.flag, question.key, cls=_QuestionOption, question=question, metavar=_METAVARS[question.kind]
            )
        function = option(function)
    return function


@cli.command(short_help="Create a project: answer the questions, or give them as flags")
@click.argument("destination", required=False, type=click.Path(path_type=Path))
@_question_options
@click.option(
    "--answers",
    "answers_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML file of answers, e.g. a project's `.copier-answers.yml`; flags override it",
)
@click.option("--defaults", is_flag=True, help="Ask nothing: questions without an answer take their default")
@click.option("--dry-run", is_flag=True, help="Print the choices and the files it would write; write nothing")
@click.option("--force", is_flag=True, help="Write into a folder that is not empty, replacing the project's files")
@click.option("--formatter", type=click.Choice(FORMATTERS), default="ruff", show_default=True, help="Code formatter")
@click.option(
    "--git/--no-git",
    "init_git",
    default=True,
    show_default=True,
    help="Make the project a git repository with a first commit (not when it is inside one already)",
)
def new(
    destination: Path | None,
    answers_file: Path | None,
    defaults: bool,
    dry_run: bool,
    force: bool,
    formatter: str,
    init_git: bool,
    **flags: Any,
) -> None:
    """Create a Keras project in DESTINATION (default: the project name).

    Every question is a flag. Questions that no flag and no `--answers` file answer are
    asked on the terminal, or take their default with `--defaults`. The answers are
    checked against each other and against the data before anything is written.

    \b
    Example:
      kgen new digits --task image_multiclass --data-path data/digits \\
          --block conv:filters=32 --block conv:filters=64 --block dense:units=128 --defaults
    """
    from kgen import prompts, render, spec

    if destination is not None:
        render.check_destination(destination, force=force)
    given = {**(prompts.read_answers(answers_file) if answers_file else {}), **_given(flags)}
    given, ask = _askers(defaults, given, destination)
    on_data = None if ask in (None, prompts.no_terminal) else prompts.show_columns  # only when prompting
    project = spec.resolve(given, ask=ask, on_invalid=prompts.show_invalid, on_data=on_data)
    destination = destination or Path(project["project_name"])
    _echo_summary(project)
    files = render.new_project(
        project, destination, force=force, dry_run=dry_run, formatter=formatter, init_git=init_git
    )
    if dry_run:
        click.echo(f"Would write {len(files)} files to `{destination}`:", err=True)
        click.echo("\n".join(f"  {path.as_posix()}" for path in files))
    else:
        _echo_next_steps(project, destination, len(files))


def _given(flags: Mapping[str, Any]) -> dict[str, Any]:
    """The answers given as flags; a repeated `--block` becomes one list."""
    given = {key: value for key, value in flags.items() if value is not None and value != ()}
    return {key: list(value) if isinstance(value, tuple) else value for key, value in given.items()}


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def _askers(defaults: bool, given: dict[str, Any], destination: Path | None) -> tuple[dict[str, Any], Ask | None]:
    """The given answers, and who answers the rest: nobody (defaults), the user, or an error.

    The destination's folder name becomes the project name's default when it is a valid one.
    """
    from kgen import prompts

    folder = destination.resolve().name if destination is not None and "project_name" not in given else ""
    name = _project_name_like(folder)
    if defaults or not _stdin_is_terminal():
        if folder and name != folder:
            _refuse_folder_name(folder, name)
        return ({"project_name": name, **given} if name else given), None if defaults else prompts.no_terminal
    terminal = prompts.Terminal()
    if name is None:
        return given, terminal.ask

    def ask(question: Question, default: Any, choices: list[str]) -> Any:
        return terminal.ask(question, name if question.key == "project_name" else default, choices)

    return given, ask


def _project_name_like(folder: str) -> str | None:
    """A valid project name as close to the folder's name as may be: lower case, `-` for other characters."""
    name = re.sub(r"[^a-z0-9_-]+", "-", folder.lower()).strip("-_")
    name = re.sub(r"^[^a-z]+", "", name)
    return name if re.fullmatch(PROJECT_NAME_PATTERN, name) else None


def _refuse_folder_name(folder: str, name: str | None) -> NoReturn:
    """Without prompts, a folder that is no project name is refused rather than silently renamed."""
    rule = BY_KEY["project_name"].help.partition(": ")[2]
    fix = f"`--project-name {name}`" if name else "`--project-name NAME`"
    raise InvalidAnswer(
        f"the destination folder `{folder}` is not a valid project name, which holds {rule}",
        hint=f"pass {fix}, or name the folder so",
    )


def _echo_summary(project: Spec) -> None:
    notes = project.column_notes()
    if notes:
        click.echo(f"What kgen read in `{project['data_path']}`:", err=True)
        click.echo("\n".join(f"  {note}" for note in notes), err=True)
    rows = project.summary()
    width = max(len(key) for key, _ in rows)
    for key, value in rows:
        click.echo(f"  {key + ':':<{width + 1}} {value}", err=True)


def _echo_next_steps(project: Spec, destination: Path, count: int) -> None:
    click.echo(f"\nWrote {count} files to `{destination}`. Next:\n", err=True)
    click.echo(f"  cd {shlex.quote(str(destination))}")
    click.echo("  pip install -e '.[dev]'")
    click.echo(f"  python -m {project['package']}.train")
    click.echo("  pytest")
    click.echo("\nThe same project again, without questions:\n", err=True)
    click.echo(f"  {project.command_line(destination)}")


_PROJECT_OPTION = click.option(
    "--project",
    "project_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("."),
    help="The project folder, or any folder inside it  [default: the current folder]",
)


@cli.command(short_help="Bring template improvements into a project, keeping your edits")
@_PROJECT_OPTION
@click.option("--to", "version", metavar="VERSION", help="Template version to go to  [default: the newest]")
@click.option(
    "--set",
    "sets",
    metavar="KEY=VALUE",
    multiple=True,
    help="Change an answer, as `kgen new` takes it (repeatable), e.g. `--set optimizer=adamw`",
)
@click.option("--dry-run", is_flag=True, help="Show the diff the update would make; change nothing")
def update(project_dir: Path, version: str | None, sets: tuple[str, ...], dry_run: bool) -> None:
    """Bring the project to a newer template version, keeping your edits.

    A 3-way merge: what the template changed between the project's version and the new one
    is replayed onto your files. The project must be a git repository with no uncommitted
    changes; the update's changes are left uncommitted for you to review. Where your edits
    and the template's touch the same lines, both are kept between conflict markers, and
    the command exits with status 1.

    \b
    Examples:
      kgen update                      to the newest template version
      kgen update --dry-run            show the diff only
      kgen update --set metrics=accuracy,auc --set optimizer=adamw
    """
    from kgen import project, source, update

    outcome = update.update(
        project.find(project_dir), source.installed(), to=version, sets=_parse_sets(sets), dry_run=dry_run
    )
    _echo_update(outcome)


@cli.command("check-update", short_help="Exit with status 1 while a newer template exists (for CI)")
@_PROJECT_OPTION
def check_update(project_dir: Path) -> None:
    """Exit with status 1 when a newer template version exists (for CI), else 0."""
    from kgen import project, source, update

    status = update.check(project.find(project_dir), source.installed())
    click.echo(f"Up to date: the project is at the newest template version, {status.current}.")


def _parse_sets(sets: tuple[str, ...]) -> dict[str, str]:
    parsed = {}
    for item in sets:
        key, equals, value = item.partition("=")
        if not equals or not key.strip():
            raise click.BadParameter(f"`{item}` is not KEY=VALUE", param_hint="--set")
        parsed[key.strip().replace("-", "_")] = value.strip()
    return parsed


def _echo_update(outcome: Outcome) -> None:
    """Print what the update did, then raise the error it ended with, if any."""
    if outcome.unchanged:
        click.echo(f"Nothing to change: the project is at template version {outcome.target}.", err=True)
        return
    if outcome.dry_run:
        click.echo(outcome.diff(), nl=False)
    verb = "Would update" if outcome.dry_run else "Updated"
    click.echo(f"{verb} from template {outcome.current} to {outcome.target}:", err=True)
    for change in outcome.changes:
        click.echo(f"  {change.word:<9} {change.path}", err=True)
    for path in outcome.kept:
        click.echo(f"  kept      {path}  (the new template dropped it, but you had edited it)", err=True)
    if outcome.error is not None:
        raise outcome.error
    if not outcome.dry_run:
        click.echo("\nReview with `git diff`, run the tests, then commit.", err=True)


_PART_HELP = {
    "layer": "Add a custom layer NAME: `src/<package>/layers/<name>.py` and `tests/test_layer_<name>.py`.",
    "loss": "Add a custom loss NAME: `src/<package>/losses/<name>.py` and `tests/test_loss_<name>.py`.",
    "metric": "Add a custom metric NAME: `src/<package>/metrics/<name>.py` and `tests/test_metric_<name>.py`.",
}
_PART_EXAMPLES = {
    "layer": "kgen add-layer upsample --from resize --scale 2 --method bicubic",
    "loss": "kgen add-loss smooth_l1 --from charbonnier --epsilon 0.01",
    "metric": "kgen add-metric image_ssim --from ssim --window-size 5",
}


def _param_flag(param: Param) -> str:
    return "--" + param.name.replace("_", "-")


def _part_help(kind: str) -> str:
    """The command's help: what it writes, the names, and every body with its flags."""
    rows = []
    for body in PARTS[kind].values():
        rows.append(f"  {body.name:<12} {body.help}")
        for param in body.params:
            value = "|".join(param.choices) if param.choices else _METAVARS[param.kind]
            default = str(param.default).lower() if isinstance(param.default, bool) else param.default
            rows.append(f"  {'':<12}   {_param_flag(param)} {value}  {param.help} (default: {default})")
    return (
        f"{_PART_HELP[kind]}\n\n"
        "Run it inside a project made by `kgen new` (or pass `--project DIR`). NAME is a Python name: "
        "the module is its snake_case form and the class its CamelCase form (`my_part` -> `MyPart`). "
        "The class is registered with Keras, and the project imports every module in the folder, so "
        "saved models load without `custom_objects=`. The test checks the part's properties; "
        "`pytest` runs it with the others. Existing files are never replaced without `--force`.\n\n"
        f"\b\nReady-made bodies (--from) and their flags; the values become the constructor's defaults:\n"
        + "\n".join(rows)
        + f"\n\n\b\nExample:\n  {_PART_EXAMPLES[kind]}"
    )


def _add_part_command(kind: str) -> click.Command:
    """`kgen add-<kind>`: one flag per parameter of the kind's bodies, from the catalog."""

    def command(name: str, body: str, project: Path | None, dry_run: bool, force: bool, **values: Any) -> None:
        from kgen import components

        start = project or Path.cwd()
        added = components.add_part(kind, name, body, values, start=start, dry_run=dry_run, force=force)
        _echo_added(added)

    params = {param.name: param for body in PARTS[kind].values() for param in body.params}
    for param in reversed(list(params.values())):
        owners = [body.name for body in PARTS[kind].values() if param in body.params]
        metavar = _METAVARS["choice" if param.choices else param.kind]
        help_text = f"[{', '.join(owners)}] {param.help}"
        command = click.option(_param_flag(param), param.name, metavar=metavar, help=help_text)(command)
    options = [
        click.argument("name"),
        click.option(
            "--from",
            "body",
            type=click.Choice(list(PARTS[kind])),
            default="blank",
            show_default=True,
            help="Ready-made body to start from",
        ),
        click.option(
            "--project",
            type=click.Path(exists=True, file_okay=False, path_type=Path),
            help="A folder inside the project  [default: the current folder]",
        ),
        click.option("--dry-run", is_flag=True, help="Print the files and their diff; write nothing"),
        click.option("--force", is_flag=True, help="Replace the files of an existing part with the same name"),
    ]
    for option in reversed(options):
        command = option(command)
    short = f"Add a custom {kind}: {', '.join(PARTS[kind])}"
    return click.command(f"add-{kind}", help=_part_help(kind), short_help=short)(command)


def _echo_added(added: Added) -> None:
    root = added.project.root
    if added.dry_run:
        click.echo(f"Would write {len(added.files)} files in `{root}`:", err=True)
        click.echo("\n".join(f"  {path.as_posix()}" for path in added.files), err=True)
        click.echo(added.diff, nl=False)
        return
    click.echo(f"Wrote in `{root}`:", err=True)
    click.echo("\n".join(f"  {path.as_posix()}" for path in added.files), err=True)
    click.echo(f"\nUse it in {added.where}:\n", err=True)
    click.echo("\n".join(f"  {line}" for line in added.code))
    click.echo(
        f"\n`import {added.project.package}` registers it with Keras, so `keras.models.load_model` finds it.\n"
        f"Its test: `pytest {added.files[1].as_posix()}`",
        err=True,
    )


for _kind in PARTS:
    cli.add_command(_add_part_command(_kind))


def main() -> None:
    """Run the `kgen` command."""
    cli()
