"""Projects made by earlier kgen releases, edited by their users, update to this kgen's template and pass their tests.

0.1.0 is the first release: it recorded no template version, and kept its custom loss and
metric in `losses.py` and `metrics.py`, which 0.2.0 moved into packages. Since 0.2.0 a project
records its version as `_commit`; the previous release here is 0.6.0. This checkout's own
template history supplies every version.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kgen import __version__, cli, git, render
from tests.e2e import datasets

pytestmark = pytest.mark.e2e

FIRST = "0.1.0"
PREVIOUS = "0.6.0"


def test_a_first_release_project_with_user_edits_updates_and_passes_its_tests(tmp_path: Path) -> None:
    data = datasets.table_csv(tmp_path, target="price", kind="continuous")
    answers = {"project_name": "houses", "package": "houses", "task": "tabular_regression", "data_source": "csv"}
    answers |= {"data_path": str(data), "target_column": "price", "feature_columns": datasets.FEATURES}
    answers |= {"blocks": [{"block": "dense", "units": 16, "dropout": 0.0}], "loss": "charbonnier"}
    answers |= {"metrics": ["mae", "psnr"], "epochs": 2}
    project = tmp_path / "houses"
    render.render_version(project, answers, version=FIRST)
    render.format_code(project, "ruff")
    _as_first_release_wrote_it(project / ".copier-answers.yml")
    git.init_and_commit(project, "Start")

    losses = project / "src" / "houses" / "losses.py"
    losses.write_text(losses.read_text() + '\n\ndef charbonnier_of(error):\n    """Mine."""\n    return error\n')
    config = project / "configs" / "default.toml"
    config.write_text(config.read_text().replace("batch_size = 32", "batch_size = 16"))
    git.commit_all(project, "My edits")

    result = CliRunner().invoke(cli.cli, ["update", "--project", str(project)], catch_exceptions=False)

    assert result.exit_code == 0, result.output
    moved = project / "src" / "houses" / "losses" / "charbonnier.py"
    assert not losses.exists() and "def charbonnier_of(error):" in moved.read_text()
    assert (project / "src" / "houses" / "metrics" / "psnr.py").is_file()
    assert not (project / "tests" / "test_losses.py").exists()
    assert "batch_size = 16" in config.read_text()
    assert f"_commit: v{__version__}\n" in (project / ".copier-answers.yml").read_text()
    assert_no_conflicts_and_its_checks_pass(project)


def test_a_previous_release_project_with_user_edits_updates_and_passes_its_tests(tmp_path: Path) -> None:
    data = datasets.image_folders(tmp_path, classes=3, size=(16, 16), channels=3)
    answers = {"project_name": "shapes", "package": "shapes", "task": "image_multiclass"}
    answers |= {"data_source": "image_folders", "data_path": str(data), "num_classes": 3}
    answers |= {"image_height": 16, "image_width": 16, "channels": 3}
    answers |= {"blocks": [{"block": "conv", "filters": 8}, {"block": "dense", "units": 16, "dropout": 0.0}]}
    answers |= {"loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"], "epochs": 2}
    project = tmp_path / "shapes"
    render.render_version(project, answers, version=PREVIOUS)
    render.format_code(project, "ruff")
    assert f"_commit: v{PREVIOUS}\n" in (project / ".copier-answers.yml").read_text()
    git.init_and_commit(project, "Start")

    config = project / "configs" / "default.toml"
    assert BATCH_SIZE[0] in config.read_text()
    config.write_text(config.read_text().replace(*BATCH_SIZE))
    data_module = project / "src" / "shapes" / "data.py"
    data_module.write_text(data_module.read_text() + HELPER)
    (project / "src" / "shapes" / "reports.py").write_text(REPORTS)
    (project / "tests" / "test_my_helpers.py").write_text(USER_TEST)
    git.commit_all(project, "My edits")

    result = CliRunner().invoke(cli.cli, ["update", "--project", str(project)], catch_exceptions=False)

    assert result.exit_code == 0, result.output
    assert BATCH_SIZE[1] in config.read_text()
    assert data_module.read_text().endswith(HELPER)
    assert (project / "src" / "shapes" / "reports.py").read_text() == REPORTS
    assert (project / "tests" / "test_my_helpers.py").read_text() == USER_TEST
    assert f"_commit: v{__version__}\n" in (project / ".copier-answers.yml").read_text()
    assert_no_conflicts_and_its_checks_pass(project)
    fresh = tmp_path / "fresh"  # the current version, as `kgen new` writes it today
    render.render_version(fresh, answers)
    render.format_code(fresh, "ruff")
    expected = {path.relative_to(fresh): path.read_text() for path in fresh.rglob("*") if path.is_file()}
    expected[Path("configs/default.toml")] = expected[Path("configs/default.toml")].replace(*BATCH_SIZE)
    expected[Path("src/shapes/data.py")] += HELPER
    for relative, text in expected.items():
        assert (project / relative).read_text() == text, f"{relative} is not the current version with the edits"


BATCH_SIZE = ("batch_size = 32\n", "batch_size = 8\n")  # the user's edit of configs/default.toml

HELPER = '''

def class_counts(labels: np.ndarray, class_names: list[str]) -> dict[str, int]:
    """How many examples each class has."""
    return {name: int(np.sum(labels == index)) for index, name in enumerate(class_names)}
'''

REPORTS = '''"""My own summaries of a data folder."""

from shapes.data import class_counts


def describe(labels, class_names) -> str:
    """One line per class: its name and its count."""
    return "\\n".join(f"{name}: {count}" for name, count in class_counts(labels, class_names).items())
'''

USER_TEST = """import numpy as np

from shapes.reports import describe


def test_describe_counts_every_class():
    labels = np.array([0, 1, 1, 2, 2, 2])
    assert describe(labels, ["a", "b", "c"]) == "a: 1\\nb: 2\\nc: 3"
"""


def assert_no_conflicts_and_its_checks_pass(project: Path) -> None:
    """No conflict left anywhere; the project's own `ruff check` and `pytest -x` pass."""
    assert not list(project.rglob("*.rej"))
    texts = "".join(
        path.read_text(errors="replace") for path in project.rglob("*") if path.is_file() and ".git" not in path.parts
    )
    assert "<<<<<<<" not in texts and ">>>>>>>" not in texts
    env = {**os.environ, "PYTHONPATH": str(project / "src")}
    for command in (["ruff", "check", "--no-cache", "."], ["pytest", "-q", "-p", "no:cacheprovider", "-x"]):
        run = subprocess.run([sys.executable, "-m", *command], cwd=project, env=env, capture_output=True, text=True)
        assert run.returncode == 0, f"{command}:\n{run.stdout[-5000:]}\n{run.stderr[-3000:]}"


def _as_first_release_wrote_it(answers_file: Path) -> None:
    """0.1.0 recorded its template folder as `_src_path`, and no `_commit`."""
    answers = yaml.safe_load(answers_file.read_text())
    answers.pop("_commit")
    answers["_src_path"] = "/home/someone/kgen"
    answers_file.write_text(
        "# Changes here will be overwritten by Copier; NEVER EDIT MANUALLY\n" + yaml.safe_dump(answers)
    )


@pytest.mark.parametrize("release", [FIRST, "0.2.0"])
def test_functions_and_keys_appended_where_the_template_appended_too_merge_without_conflict(
    release: str, tmp_path: Path
) -> None:
    """Both sides only inserted lines at one place: both are kept, the template's first, and no marker is left."""
    data = datasets.table_csv(tmp_path, target="price", kind="continuous")
    answers = {"project_name": "houses", "package": "houses", "task": "tabular_regression", "data_source": "csv"}
    answers |= {"data_path": str(data), "target_column": "price", "feature_columns": datasets.FEATURES}
    answers |= {"blocks": [{"block": "dense", "units": 16, "dropout": 0.0}], "loss": "mean_squared_error"}
    answers |= {"metrics": ["mae"], "epochs": 2}
    project = tmp_path / "houses"
    render.render_version(project, answers, version=release)
    render.format_code(project, "ruff")
    if release == FIRST:
        _as_first_release_wrote_it(project / ".copier-answers.yml")
    git.init_and_commit(project, "Start")
    model = project / "src" / "houses" / "model.py"
    model.write_text(model.read_text() + APPENDED)
    config = project / "configs" / "default.toml"
    features = next(line for line in config.read_text().splitlines(keepends=True) if line.startswith("feature_columns"))
    config.write_text(config.read_text().replace(features, features + NOTE))
    git.commit_all(project, "My edits")

    result = CliRunner().invoke(cli.cli, ["update", "--project", str(project)], catch_exceptions=False)

    assert result.exit_code == 0, result.output
    assert "merged    src/houses/model.py" in result.output
    assert model.read_text().endswith(APPENDED) and "def layer_names(" in model.read_text()
    assert "delimiter = " in config.read_text() and NOTE in config.read_text()
    assert_no_conflicts_and_its_checks_pass(project)


NOTE = "# The CSV is exported each Monday from the sales database.\n"  # where the template added keys too
APPENDED = '''

def count_parameters(model) -> int:
    """How many weights the model trains."""
    return sum(int(weight.shape.num_elements() or 0) for weight in model.trainable_weights)
'''
