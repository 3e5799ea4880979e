"""A project made by kgen 0.1.0, edited by its user, updated to this kgen's template, still passes its tests.

0.1.0 is the first release: it recorded no template version, and kept its custom loss and
metric in `losses.py` and `metrics.py`, which 0.2.0 moved into packages. This checkout's own
template history supplies both versions.
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
    assert not list(project.rglob("*.rej")) and "<<<<<<<" not in "".join(
        path.read_text() for path in project.rglob("*.py")
    )
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
