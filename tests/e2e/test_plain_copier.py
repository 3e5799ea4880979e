"""Plain `copier copy` of this repository, without kgen, gives a project that passes its tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e import datasets

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]


def test_copier_copy_of_the_checkout_renders_a_working_project(tmp_path: Path) -> None:
    data = datasets.table_csv(tmp_path, target="target", kind="continuous")
    columns = "[" + ", ".join(f'"{name}"' for name in datasets.FEATURES) + "]"
    copier = Path(sys.executable).parent / "copier"
    command = [copier, "copy", "--defaults", "--vcs-ref", "HEAD", "-d", "project_name=plain-copy"]
    command += ["-d", "task=tabular_regression", "-d", f"data_path={data}", "-d", f"feature_columns={columns}"]
    subprocess.run([*map(str, command), str(ROOT), str(tmp_path / "project")], check=True, capture_output=True)
    project = tmp_path / "project"
    assert "keras.losses.MeanSquaredError()" in (project / "src" / "plain_copy" / "model.py").read_text()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(project / "src")},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:]


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ([], "Validation error for question 'value_columns': no columns given for value_columns"),
        (
            ["value_columns=[temp, 'load (MW)']"],
            "Validation error for question 'value_columns': target column `target` is not among the value columns",
        ),
    ],
)
def test_copier_copy_refuses_a_series_kgen_refuses_and_writes_nothing(tmp_path: Path, answers, message) -> None:
    """`value_columns = []` and a target outside them gave a project that could not train."""
    data = datasets.series_csv(tmp_path)
    copier = Path(sys.executable).parent / "copier"
    command = [
        copier,
        "copy",
        "--defaults",
        "--vcs-ref",
        "HEAD",
        "-d",
        "task=series_forecast",
        "-d",
        f"data_path={data}",
    ]
    for answer in answers:
        command += ["-d", answer]
    result = subprocess.run([*map(str, command), str(ROOT), str(tmp_path / "project")], capture_output=True, text=True)
    assert result.returncode != 0
    assert message in result.stderr
    assert not (tmp_path / "project").exists()
