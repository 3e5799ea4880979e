"""`kgen update` on real git histories, offline: edits kept, conflicts reported, renames carried.

A template history gets release 1.0.0 (this checkout's template), a project is made from it
and edited by its user, then release 2.0.0 changes a template file, adds one and removes one.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kgen import cli, fixups, git
from tests.e2e import datasets
from tests.e2e.histories import TemplateHistory

pytestmark = pytest.mark.e2e

HEADER_V1 = "# Hyperparameters and data of {{ project_name }}."
HEADER_V2 = "# Settings of {{ project_name }}: hyperparameters and data."


def kgen(template: TemplateHistory, *args: object, cwd: Path | None = None) -> Result:
    runner = CliRunner()
    previous = Path.cwd()
    os.chdir(cwd or previous)
    try:
        return runner.invoke(cli.cli, [str(arg) for arg in args], env=template.env(), catch_exceptions=False)
    finally:
        os.chdir(previous)


def version_2(template: TemplateHistory) -> None:
    """Changes a template file, adds one and removes one."""
    template.edit("configs/default.toml.jinja", HEADER_V1, HEADER_V2)
    template.edit("src/{{package}}/evaluate.py.jinja", '"""', '"""Evaluation, revised in 2.0.0.\n\n')
    (template.project_template / "CHANGELOG.md").write_text("# Changes\n\n2.0.0: a clearer config header.\n")
    (template.project_template / ".github" / "workflows" / "ci.yml.jinja").unlink()


@pytest.fixture
def template(tmp_path: Path) -> TemplateHistory:
    history = TemplateHistory(tmp_path / "history")
    history.release("1.0.0")
    return history


@pytest.fixture
def project(template: TemplateHistory, tmp_path: Path) -> Path:
    """A tabular project made from release 1.0.0 and committed by `kgen new`."""
    data = datasets.table_csv(tmp_path, target="species", kind="multiclass")
    destination = tmp_path / "demo"
    flags = ["--task", "tabular_multiclass", "--data-path", data, "--epochs", "7", "--defaults"]
    result = kgen(template, "new", destination, *flags)
    assert result.exit_code == 0, result.output
    assert "_commit: v1.0.0\n" in (destination / ".copier-answers.yml").read_text()
    return destination


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1))


def commit(project: Path, message: str = "My edits") -> None:
    git.commit_all(project, message)


def test_update_keeps_every_user_edit_and_brings_the_new_version(template, project):
    edit(project / "configs" / "default.toml", "epochs = 7", "epochs = 42")
    with (project / "src" / "demo" / "model.py").open("a") as handle:
        handle.write('\n\ndef count_weights(model):\n    """Mine."""\n    return model.count_params()\n')
    (project / "src" / "demo" / "evaluate.py").unlink()
    with (project / ".github" / "workflows" / "ci.yml").open("a") as handle:
        handle.write("# my deploy step\n")
    commit(project)
    template.release("2.0.0", version_2)

    result = kgen(template, "update", "--project", project)

    assert result.exit_code == 0, result.output
    config = (project / "configs" / "default.toml").read_text()
    assert "epochs = 42" in config  # the hyper-parameter the user set
    assert config.startswith("# Settings of demo: hyperparameters and data.")  # the template's change
    assert "def count_weights(model):" in (project / "src" / "demo" / "model.py").read_text()
    assert not (project / "src" / "demo" / "evaluate.py").exists()  # deleted by the user, changed by 2.0.0
    assert (project / "CHANGELOG.md").read_text().startswith("# Changes")  # added by 2.0.0
    assert (project / ".github" / "workflows" / "ci.yml").read_text().endswith("# my deploy step\n")
    assert "kept      .github/workflows/ci.yml" in result.output  # dropped by 2.0.0, edited: kept and said
    assert "_commit: v2.0.0\n" in (project / ".copier-answers.yml").read_text()
    assert "merged    configs/default.toml" in result.output and "added     CHANGELOG.md" in result.output
    assert git.run(project, "log", "-1", "--format=%s").strip() == "My edits"  # left for the user to commit


def test_an_unedited_file_the_new_version_drops_is_removed(template, project):
    template.release("2.0.0", version_2)
    result = kgen(template, "update", "--project", project)
    assert result.exit_code == 0, result.output
    assert not (project / ".github" / "workflows" / "ci.yml").exists()
    assert "deleted   .github/workflows/ci.yml" in result.output


def test_an_edit_next_to_a_template_change_is_a_reported_conflict(template, project):
    config = project / "configs" / "default.toml"
    edit(config, "# the command-line flags", "# the command-line flags (I read them all)")
    commit(project)
    template.release("2.0.0", version_2)

    result = kgen(template, "update", "--project", project)

    assert result.exit_code == 1
    assert "configs/default.toml" in result.output and "need your hand" in result.output
    text = config.read_text()
    assert "<<<<<<< before updating" in text and ">>>>>>> after updating" in text
    assert "(I read them all)" in text and "# Settings of demo" in text  # both sides kept


def test_dry_run_shows_the_diff_and_changes_nothing(template, project):
    template.release("2.0.0", version_2)
    head = git.run(project, "rev-parse", "HEAD")

    result = kgen(template, "update", "--dry-run", cwd=project / "src")

    assert result.exit_code == 0, result.output
    assert "+# Settings of demo: hyperparameters and data." in result.output
    assert "+++ b/CHANGELOG.md" in result.output and "Would update from template 1.0.0 to 2.0.0" in result.output
    assert git.changes(project) == [] and git.run(project, "rev-parse", "HEAD") == head
    assert len(git.run(project, "worktree", "list").splitlines()) == 1


def test_refuses_a_project_it_cannot_update_safely(template, project, tmp_path):
    (project / "notes.txt").write_text("draft")
    result = kgen(template, "update", "--project", project)
    assert result.exit_code == 2 and "uncommitted changes (notes.txt)" in result.output

    plain = tmp_path / "plain"
    data = datasets.table_csv(tmp_path, target="species", kind="multiclass")
    flags = ["--task", "tabular_multiclass", "--data-path", data, "--defaults", "--no-git"]
    assert kgen(template, "new", plain, *flags).exit_code == 0
    result = kgen(template, "update", "--project", plain)
    assert result.exit_code == 2 and "not in a git repository" in result.output

    result = kgen(template, "update", "--project", tmp_path)
    assert result.exit_code == 2 and "not inside a kgen project" in result.output

    result = kgen(template, "update", "--project", project / "src", "--to", "9.9.9")
    assert result.exit_code == 2 and "`9.9.9` is unknown" in result.output


def test_refuses_a_project_made_by_a_newer_kgen(template, project, tmp_path):
    older = TemplateHistory(tmp_path / "older")
    older.release("0.9.0")
    older.url = template.url
    result = kgen(older, "update", "--project", project)
    assert result.exit_code == 2 and "made with kgen 1.0.0, newer than this kgen's template (0.9.0)" in result.output
    assert kgen(older, "check-update", "--project", project).exit_code == 2


def test_check_update_fails_while_the_project_is_behind(template, project):
    assert kgen(template, "check-update", "--project", project).exit_code == 0
    template.release("2.0.0", version_2)
    result = kgen(template, "check-update", "--project", project)
    assert result.exit_code == 1 and "Template 2.0.0 is available; the project is at 1.0.0" in result.output
    assert kgen(template, "update", "--project", project).exit_code == 0
    commit(project, "Update the template")
    assert kgen(template, "check-update", "--project", project).exit_code == 0


def test_set_rerenders_what_depends_on_the_answer_and_keeps_other_edits(template, project):
    model = project / "src" / "demo" / "model.py"
    with model.open("a") as handle:
        handle.write('\n\ndef describe(model):\n    """Mine."""\n    return model.summary()\n')
    commit(project)

    result = kgen(template, "update", "--project", project, "--set", "optimizer=adamw", "--set", "metrics=accuracy")

    assert result.exit_code == 0, result.output
    text = model.read_text()
    assert "keras.optimizers.AdamW(" in text and "keras.optimizers.Adam(" not in text
    assert "def describe(model):" in text
    answers = (project / ".copier-answers.yml").read_text()
    assert "optimizer: adamw\n" in answers and "_commit: v1.0.0\n" in answers
    commit(project, "Switch to AdamW")

    result = kgen(template, "update", "--project", project, "--set", "optimizer=adamx")
    assert result.exit_code == 2 and "adamx" in result.output
    result = kgen(template, "update", "--project", project, "--set", "package=other")
    assert result.exit_code == 2 and "cannot change in an update" in result.output


def test_a_renamed_file_and_answer_carry_the_users_work_without_trust(template, project, monkeypatch):
    predict = project / "src" / "demo" / "predict.py"
    with predict.open("a") as handle:
        handle.write('\n\ndef top_class(scores):\n    """Mine."""\n    return max(scores)\n')
    commit(project)

    def rename(history: TemplateHistory) -> None:
        package = history.project_template / "src" / "{{package}}"
        (package / "predict.py.jinja").rename(package / "inference.py.jinja")
        history.edit("pyproject.toml.jinja", "{{ package }}.predict:", "{{ package }}.inference:")
        history.edit("configs/default.toml.jinja", "epochs = {{ epochs }}", "epochs = {{ max_epochs }}")
        history.edit("README.md.jinja", "{{ epochs }}", "{{ max_epochs }}")
        copier_yml = history.repo / "copier.yml"
        text = copier_yml.read_text().replace("\nepochs:", "\nmax_epochs:")
        copier_yml.write_text(text.replace("{% if epochs < 1 %}", "{% if max_epochs < 1 %}"))

    template.release("2.0.0", rename)
    renames = (
        fixups.RenamedFile("2.0.0", "src/{package}/predict.py", "src/{package}/inference.py"),
        fixups.RenamedAnswer("2.0.0", "epochs", "max_epochs"),
    )
    monkeypatch.setattr(fixups, "FIXUPS", renames)

    result = kgen(template, "update", "--project", project)

    assert result.exit_code == 0, result.output
    assert not predict.exists()
    inference = (project / "src" / "demo" / "inference.py").read_text()
    assert "def top_class(scores):" in inference and "def main(" in inference
    assert "epochs = 7" in (project / "configs" / "default.toml").read_text()
    answers = (project / ".copier-answers.yml").read_text()
    assert "max_epochs: 7\n" in answers and "\nepochs:" not in answers


def test_plain_copier_update_works_where_the_template_url_is_reachable(template, project):
    edit(project / "configs" / "default.toml", "epochs = 7", "epochs = 42")
    commit(project)
    template.release("2.0.0", version_2)
    copier = Path(sys.executable).with_name("copier")
    env = {**os.environ, **template.git_env()}
    result = subprocess.run(
        [str(copier), "update", "--defaults", "--skip-answered"], cwd=project, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "_commit: v2.0.0\n" in (project / ".copier-answers.yml").read_text()
    config = (project / "configs" / "default.toml").read_text()
    assert "epochs = 42" in config and config.startswith("# Settings of demo")
