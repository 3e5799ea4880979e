from __future__ import annotations

import re
import shlex
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner, Result

from kgen import __version__, cli, git, render, source, spec, update
from kgen.errors import KgenError
from kgen.questions import QUESTIONS
from kgen.source import CANONICAL_URL

REPOSITORY = Path(__file__).resolve().parents[2]


def kgen(*args: object, input: str | None = None) -> Result:
    return CliRunner().invoke(cli.cli, [str(arg) for arg in args], input=input, catch_exceptions=False)


def first_error_line(result: Result) -> str:
    return result.stderr.splitlines()[0]


@pytest.fixture
def table_flags(table_csv: Path) -> list[str]:
    return ["--task", "tabular_multiclass", "--data-path", str(table_csv), "--target-column", "label"]


@pytest.fixture
def rendered(monkeypatch) -> list:
    """Stand in for rendering: record what `kgen new` asked for and write nothing."""
    calls: list = []

    def new_project(project, destination, **options):
        calls.append((project, destination, options))
        return [Path("pyproject.toml")]

    monkeypatch.setattr(render, "new_project", new_project)
    return calls


def assert_no_work_folders(folder: Path) -> None:
    assert not list(folder.glob(".kgen-*")), "a temporary folder was left behind"


def test_help_lists_every_question_flag():
    result = kgen("new", "--help")
    assert result.exit_code == 0
    for question in QUESTIONS:
        assert ("--block" if question.kind == "blocks" else question.flag) in result.output
    for option in ("--answers", "--defaults", "--dry-run", "--force", "--formatter"):
        assert option in result.output


def test_short_help_and_version():
    assert "kgen new" in kgen("-h").output
    assert kgen("--version").output == f"kgen {__version__}\n"


def test_non_empty_destination_is_refused_without_force(tmp_path, table_flags):
    destination = tmp_path / "demo"
    destination.mkdir()
    (destination / "notes.txt").write_text("mine")
    result = kgen("new", destination, *table_flags, "--defaults")
    assert result.exit_code == 2
    assert first_error_line(result) == f"Error: destination `{destination}` is not empty"
    assert "hint: pass `--force`" in result.stderr
    assert [path.name for path in destination.iterdir()] == ["notes.txt"]


def test_destination_that_is_a_file_is_refused(tmp_path, table_flags):
    destination = tmp_path / "demo"
    destination.write_text("mine")
    result = kgen("new", destination, *table_flags, "--defaults", "--force")
    assert result.exit_code == 2
    assert first_error_line(result) == f"Error: destination `{destination}` is a file"
    assert destination.read_text() == "mine"


def test_destination_inside_a_file_is_refused(tmp_path, table_flags):
    (tmp_path / "notes.txt").write_text("mine")
    destination = tmp_path / "notes.txt" / "demo"
    result = kgen("new", destination, *table_flags, "--defaults")
    assert result.exit_code == 2
    assert (
        first_error_line(result)
        == f"Error: destination `{destination}` is inside `{tmp_path / 'notes.txt'}`, which is a file"
    )
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert_no_work_folders(tmp_path)


def test_a_destination_name_too_long_for_the_file_system_is_refused(tmp_path, table_flags):
    destination = tmp_path / ("d" * 300)
    result = kgen("new", destination, *table_flags, "--defaults", "--project-name", "demo")
    assert result.exit_code == 2
    assert first_error_line(result) == f"Error: destination `{destination}` cannot be a folder (File name too long)"


def test_a_data_path_too_long_for_the_file_system_is_refused(tmp_path):
    path = tmp_path / ("a" * 300 + ".csv")
    result = kgen("new", tmp_path / "demo", "--task", "tabular_binary", "--data-path", path, "--defaults")
    assert result.exit_code == 2
    assert first_error_line(result) == f"Error: `{path}` cannot be read (File name too long)"
    assert "hint: check the path and the file's permissions" in result.stderr


def test_unknown_choice_is_refused_with_a_suggestion(tmp_path, table_flags):
    result = kgen("new", tmp_path / "demo", *table_flags, "--optimizer", "adamm", "--defaults")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: unknown optimizer `adamm`\n\nhint: did you mean `adam`?")
    assert not (tmp_path / "demo").exists()


@pytest.mark.parametrize(("flag", "value"), [("--epochs", "many"), ("--learning-rate", "fast")])
def test_a_bad_number_whose_default_depends_on_a_later_answer_is_refused(tmp_path, flag, value):
    # The defaults of `epochs` and `learning_rate` depend on the task and the optimizer, not yet known.
    result = kgen("new", tmp_path / "demo", flag, value, "--defaults")
    assert result.exit_code == 2
    assert first_error_line(result).startswith(f"Error: {flag[2:].replace('-', '_')} `{value}` is not")
    assert "hint: give" in result.output
    assert not (tmp_path / "demo").exists()


def test_answers_file_with_a_typo_key_is_refused(tmp_path, table_flags):
    answers = tmp_path / "answers.yml"
    answers.write_text("lerning_rate: 0.01\n")
    result = kgen("new", tmp_path / "demo", *table_flags, "--answers", answers, "--defaults")
    assert result.exit_code == 2
    assert first_error_line(result) == "Error: unknown answer `lerning_rate`"
    assert "hint: did you mean `learning_rate`?" in result.stderr
    assert not (tmp_path / "demo").exists()


def test_missing_data_path_is_refused(tmp_path):
    missing = tmp_path / "missing.csv"
    result = kgen("new", tmp_path / "demo", "--task", "tabular_binary", "--data-path", missing, "--defaults")
    assert result.exit_code == 2
    assert first_error_line(result) == f"Error: data path `{missing}` does not exist"
    assert not (tmp_path / "demo").exists()


def test_a_csv_with_a_repeated_column_name_is_refused_and_nothing_written(tmp_path, write_csv):
    path = write_csv(["x", "x", "colour", "target"], [[i, i * 2, "red", i % 2] for i in range(20)])
    result = kgen("new", tmp_path / "demo", "--task", "tabular_binary", "--data-path", path, "--defaults")
    assert result.exit_code == 2
    assert first_error_line(result) == f"Error: column `x` is named twice in the header of `{path}`"
    assert "hint: rename one of them in the first line of the file" in result.stderr
    assert not (tmp_path / "demo").exists()


def test_without_a_terminal_a_missing_answer_is_an_error(tmp_path, table_flags):
    result = kgen("new", tmp_path / "demo", *table_flags)
    assert result.exit_code == 2
    assert first_error_line(result) == "Error: question `package` needs an answer and there is no terminal to ask"
    assert "hint: pass `--package`, or `--defaults`" in result.stderr


def test_errors_from_rendering_are_printed_with_their_hint(monkeypatch, tmp_path, table_flags):
    def fail(*args, **kwargs):
        raise KgenError("it broke", hint="fix it")

    monkeypatch.setattr(render, "new_project", fail)
    result = kgen("new", tmp_path / "demo", *table_flags, "--defaults")
    assert result.exit_code == 1, result.stderr
    assert result.stderr.endswith("Error: it broke\n\nhint: fix it\n")


def test_the_destination_name_is_the_default_project_name(tmp_path, table_flags, rendered):
    assert kgen("new", tmp_path / "my-model", *table_flags, "--defaults").exit_code == 0
    project, destination, _ = rendered[0]
    assert (project["project_name"], project["package"], destination) == ("my-model", "my_model", tmp_path / "my-model")


@pytest.mark.parametrize(("folder", "suggested"), [("Bad_Name", "bad_name"), ("2 My Model", "my-model"), ("42", "")])
def test_a_destination_folder_that_is_no_project_name_is_refused_without_prompts(
    tmp_path, table_flags, rendered, folder, suggested
):
    result = kgen("new", tmp_path / folder, *table_flags, "--defaults")
    assert result.exit_code == 2
    assert first_error_line(result) == (
        f"Error: the destination folder `{folder}` is not a valid project name, which holds lower case letters, "
        "digits, `-` and `_`, starting with a letter"
    )
    assert f"hint: pass `--project-name {suggested or 'NAME'}`, or name the folder so" in result.stderr
    assert not rendered and not (tmp_path / folder).exists()
    assert kgen("new", tmp_path / folder, *table_flags, "--project-name", "ok", "--defaults").exit_code == 0
    assert rendered[0][0]["project_name"] == "ok"


def test_prompts_offer_a_project_name_like_the_destination_folder(monkeypatch, tmp_path, table_flags, rendered):
    monkeypatch.setattr(cli, "_stdin_is_terminal", lambda: True)
    result = kgen("new", tmp_path / "Bad_Name", *table_flags, "--defaults")
    assert result.exit_code == 2  # `--defaults` asks nothing, so it cannot offer
    result = kgen("new", tmp_path / "Bad_Name", *table_flags, input="\n" * 40)
    assert "Project name: lower case letters, digits, `-` and `_`, starting with a letter [bad_name]" in result.stderr
    assert rendered[0][0]["project_name"] == "bad_name"


def test_the_project_name_is_the_default_destination(monkeypatch, tmp_path, table_flags, rendered):
    monkeypatch.chdir(tmp_path)
    assert kgen("new", "--project-name", "digits", *table_flags, "--defaults").exit_code == 0
    assert rendered[0][1] == Path("digits")


def test_answers_file_keys_flags_and_paths(tmp_path, table_csv, rendered):
    folder = tmp_path / "examples"
    folder.mkdir()
    answers = folder / "table.answers.yml"
    answers.write_text(
        "_commit: v0.1.0\n_src_path: /somewhere\ntask: tabular_multiclass\n"
        f"data_path: ../{table_csv.name}\ntarget_column: label\nepochs: 7\nbatch_size: 8\n"
    )
    result = kgen("new", tmp_path / "demo", "--answers", answers, "--epochs", "3", "--defaults")
    assert result.exit_code == 0, result.stderr
    project = rendered[0][0]
    assert (project["epochs"], project["batch_size"]) == (3, 8)
    assert Path(project["data_path"]).resolve() == table_csv.resolve()


def test_a_typed_data_path_is_read_from_the_current_folder_as_the_prompt_says(
    monkeypatch, tmp_path, table_csv, rendered
):
    work = tmp_path / "work"
    (work / "data").mkdir(parents=True)
    (work / "data" / "t.csv").write_bytes(table_csv.read_bytes())
    monkeypatch.chdir(work)
    monkeypatch.setattr(cli, "_stdin_is_terminal", lambda: True)
    flags = [
        "--project-name",
        "demo",
        "--task",
        "tabular_multiclass",
        "--data-source",
        "csv",
        "--target-column",
        "label",
    ]
    result = kgen("new", tmp_path / "out" / "demo", *flags, input="\ndata/t.csv\n" + "\n" * 40)
    assert result.exit_code == 0, result.stderr
    assert "Path to the data, absolute or relative to the current folder [data/table.csv]" in result.stderr
    project, destination, _ = rendered[0]
    assert project.copier_data(destination)["data_path"] == "../../work/data/t.csv"  # the project keeps it from itself
    help_text = " ".join(kgen("new", "--help").output.split())
    assert (
        "--data-path TEXT Path to the data, absolute or relative to the current folder; in an `--answers` file, "
        "relative to the file's folder"
    ) in help_text


def test_the_printed_command_makes_the_same_project(tmp_path, table_flags, rendered):
    result = kgen("new", tmp_path / "demo", *table_flags, "--optimizer", "sgd", "--defaults")
    printed = result.stdout.strip().splitlines()[-1]
    words = shlex.split(printed)
    assert words[:2] == ["kgen", "new"]
    assert kgen(*words[1:]).exit_code == 0
    first, again = rendered[0][0], rendered[1][0]
    assert first.answers == again.answers


def test_summary_and_next_steps(tmp_path, table_flags, rendered):
    result = kgen("new", tmp_path / "demo", *table_flags, "--defaults")
    assert re.search(r"^  task: +tabular_multiclass$", result.stderr, re.MULTILINE)
    assert f"cd {tmp_path / 'demo'}" in result.stdout
    assert "python -m demo.train" in result.stdout


def test_prompts_ask_again_after_an_invalid_answer(monkeypatch, tmp_path, table_csv, rendered):
    answers = spec.resolve({"task": "tabular_multiclass", "data_path": str(table_csv), "target_column": "label"})
    words = shlex.split(answers.command_line(tmp_path / "demo"))
    at = words.index("--loss")
    monkeypatch.setattr(cli, "_stdin_is_terminal", lambda: True)
    result = kgen(*words[1:at], *words[at + 2 :], input="bce\n2\n")
    assert result.exit_code == 0, result.stderr
    assert "Error: unknown loss `bce`" in result.stderr
    assert result.stderr.count("\nLoss:\n") == 1  # listed once: asked again, the refusal stays in sight
    assert rendered[0][0]["loss"] == "categorical_crossentropy"


def test_dry_run_lists_the_files_and_writes_nothing(tmp_path, table_flags):
    result = kgen("new", tmp_path / "demo", *table_flags, "--defaults", "--dry-run")
    assert result.exit_code == 0, result.stderr
    listed = result.stdout.split()
    assert ".copier-answers.yml" in listed and "pyproject.toml" in listed
    assert "src/demo/model.py" in listed
    assert not (tmp_path / "demo").exists()
    assert_no_work_folders(tmp_path)


def test_new_writes_a_formatted_project(tmp_path, table_csv, table_flags):
    destination = tmp_path / "projects" / "demo"
    result = kgen("new", destination, *table_flags, "--defaults")
    assert result.exit_code == 0, result.stderr
    answers = (destination / ".copier-answers.yml").read_text()
    assert f"_src_path: {CANONICAL_URL}\n" in answers and f"_commit: v{__version__}\n" in answers
    assert f"data_path: ../../{table_csv.name}\n" in answers
    assert (destination / "src" / "demo" / "model.py").is_file()
    assert not list(destination.rglob(".ruff_cache"))
    assert_no_work_folders(tmp_path / "projects")


def test_new_commits_the_project_to_a_new_git_repository(tmp_path, table_flags):
    destination = tmp_path / "demo"
    assert kgen("new", destination, *table_flags, "--defaults").exit_code == 0
    log = git.run(destination, "log", "--format=%s").splitlines()
    assert log == [f"Create demo with kgen {__version__}"]
    assert git.changes(destination) == []


def test_new_leaves_git_alone_with_no_git_or_inside_a_repository(tmp_path, table_flags):
    assert kgen("new", tmp_path / "plain", *table_flags, "--defaults", "--no-git").exit_code == 0
    assert not (tmp_path / "plain" / ".git").exists()
    git.init_and_commit(tmp_path / "plain", "outer")
    inner = tmp_path / "plain" / "inner"
    assert kgen("new", inner, *table_flags, "--defaults", "--project-name", "inner").exit_code == 0
    assert not (inner / ".git").exists()
    assert git.changes(tmp_path / "plain")  # left for the user to commit with the rest


def test_force_writes_over_a_folder_and_keeps_other_files(tmp_path, table_flags):
    destination = tmp_path / "demo"
    destination.mkdir()
    (destination / "notes.txt").write_text("mine")
    result = kgen("new", destination, *table_flags, "--defaults", "--force")
    assert result.exit_code == 0, result.stderr
    assert (destination / "notes.txt").read_text() == "mine"
    assert (destination / "pyproject.toml").is_file()
    assert_no_work_folders(tmp_path)


def test_copier_failures_become_clean_errors_and_write_nothing(monkeypatch, tmp_path, table_flags):
    import copier

    def fail(*args, **kwargs):
        raise ValueError("Validation error for question 'task'")

    monkeypatch.setattr(copier, "run_copy", fail)
    result = kgen("new", tmp_path / "demo", *table_flags, "--defaults")
    assert result.exit_code == 1
    assert (
        "Error: the template could not be rendered: Validation error for question 'task'" in result.stderr.splitlines()
    )
    assert not (tmp_path / "demo").exists()
    assert_no_work_folders(tmp_path)


def test_new_help_says_which_defaults_come_from_the_data():
    output = " ".join(kgen("new", "--help").output.split())
    for key in spec.FROM_DATA:
        flag = "--" + key.replace("_", "-")
        assert flag in output
        shown = output.split(f"{flag} ", 1)[1].split(" --", 1)[0]
        assert "[default: read from the data]" in shown, key


@pytest.fixture
def made(tmp_path: Path) -> Path:
    """The answers file of a project at template version 1.0.0."""
    root = tmp_path / "p"
    root.mkdir()
    (root / ".copier-answers.yml").write_text("_commit: v1.0.0\npackage: p\nproject_name: p\n")
    return root


def newest_template(monkeypatch, version: str) -> None:
    monkeypatch.setattr(source, "installed", lambda: SimpleNamespace(latest=version))


def test_check_update_while_behind_exits_1_with_the_news_and_no_error_prefix(made, monkeypatch):
    newest_template(monkeypatch, "2.0.0")
    result = kgen("check-update", "--project", made)
    assert result.exit_code == 1
    assert result.stderr == "Template 2.0.0 is available; the project is at 1.0.0. Run `kgen update`.\n"
    assert result.stdout == ""


def test_check_update_at_the_newest_version_exits_0(made, monkeypatch):
    newest_template(monkeypatch, "1.0.0")
    result = kgen("check-update", "--project", made)
    assert result.exit_code == 0
    assert result.stdout == "Up to date: the project is at the newest template version, 1.0.0.\n"


def outcome_of(monkeypatch, outcome: update.Outcome) -> None:
    newest_template(monkeypatch, outcome.target)
    monkeypatch.setattr(update, "update", lambda *args, **kwargs: outcome)


def test_update_prints_what_it_did_then_the_conflict_it_ended_with(made, monkeypatch):
    changes = [update.Change("a.py", "x\n", "<<<\n", conflict=True), update.Change("b.py", None, "new\n")]
    outcome_of(monkeypatch, update.Outcome("1.0.0", "2.0.0", changes, kept=["mine.py"]))
    result = kgen("update", "--project", made)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Updated from template 1.0.0 to 2.0.0:\n"
        "  conflict  a.py\n"
        "  added     b.py\n"
        "  kept      mine.py  (the new template dropped it, but you had edited it)\n"
        "Error: 1 file(s) need your hand: a.py\n\nhint: where the template and you changed the same lines"
    )
    assert "Review with `git diff`" not in result.stderr


def test_update_dry_run_prints_the_diff_and_what_would_need_a_hand(made, monkeypatch):
    changes = [update.Change("a.py", "x\n", "<<<\n", conflict=True)]
    outcome_of(monkeypatch, update.Outcome("1.0.0", "2.0.0", changes, dry_run=True))
    result = kgen("update", "--project", made, "--dry-run")
    assert result.exit_code == 1
    assert result.stdout == "--- a/a.py\n+++ b/a.py\n@@ -1 +1 @@\n-x\n+<<<\n"
    assert "Would update from template 1.0.0 to 2.0.0:" in result.stderr
    assert "Error: 1 file(s) would need your hand: a.py" in result.stderr


def test_update_without_conflicts_asks_for_a_review(made, monkeypatch):
    outcome_of(monkeypatch, update.Outcome("1.0.0", "2.0.0", [update.Change("b.py", "y\n", "z\n")]))
    result = kgen("update", "--project", made)
    assert result.exit_code == 0
    assert result.stderr.endswith("  modified  b.py\n\nReview with `git diff`, run the tests, then commit.\n")


def test_update_with_nothing_to_do_says_so(made, monkeypatch):
    outcome_of(monkeypatch, update.Outcome("1.0.0", "1.0.0"))
    result = kgen("update", "--project", made)
    assert result.exit_code == 0
    assert result.stderr == "Nothing to change: the project is at template version 1.0.0.\n"
