"""Answers full of quotes, backslashes, spaces and non-ASCII reach every generated file intact."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from tests.e2e import datasets

pytestmark = pytest.mark.e2e

AWKWARD_FOLDER = 'my "data" \\ dir – ü'  # a quote, a backslash, spaces, an en dash and an umlaut
AWKWARD_TARGET = 'price "$" \\ €'


def test_awkward_paths_and_column_names_survive_into_the_config_readme_and_tests(tmp_path: Path) -> None:
    folder = tmp_path / AWKWARD_FOLDER
    folder.mkdir()
    data = datasets.table_csv(folder, target=AWKWARD_TARGET, kind="multiclass")
    answers = {"project_name": "awkward", "task": "tabular_multiclass", "data_source": "csv", "num_classes": 3}
    answers |= {"data_path": str(data), "target_column": AWKWARD_TARGET, "blocks": ["dense:units=8"], "epochs": 1}
    (tmp_path / "answers.yml").write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    project = tmp_path / "awkward"
    new = [sys.executable, "-m", "kgen", "new", str(project), "--answers", str(tmp_path / "answers.yml"), "--defaults"]
    _run(new, tmp_path)

    config = tomllib.loads((project / "configs" / "default.toml").read_text(encoding="utf-8"))
    assert (project / config["data"]["path"]).resolve() == data.resolve()
    assert config["data"]["target_column"] == AWKWARD_TARGET
    assert config["data"]["feature_columns"] == datasets.FEATURES
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert "\\|" not in AWKWARD_TARGET and AWKWARD_TARGET in readme

    env = {**os.environ, "PYTHONPATH": str(project / "src")}
    loaded = _run([sys.executable, "-c", "import awkward.config as c; print(c.load_config().data.path)"], project, env)
    assert Path(loaded.stdout.strip()).resolve() == data.resolve()
    _run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x"], project, env)


def _run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"{command}:\n{result.stdout[-5000:]}\n{result.stderr[-5000:]}"
    return result
