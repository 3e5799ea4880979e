"""A generated project installs with plain pip into a fresh virtualenv, and its entry points run.

The project's tests (tests/e2e/test_matrix.py) run against kgen's own environment. This test
checks what they cannot: that the project's `pyproject.toml` names every dependency it needs
and builds a wheel holding the package and its console scripts. So the new virtualenv sees
nothing but what `pip install` puts there (no `--system-site-packages`), and pip resolves the
pinned Keras and TensorFlow itself.
"""

from __future__ import annotations

import csv
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

PROJECT = "churn-model"
PACKAGE = "churn_model"


def _run(command: list[str | Path], cwd: Path, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    """Run with the caller's environment minus anything that would leak kgen's virtualenv in."""
    env = {key: value for key, value in os.environ.items() if key not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    env |= {"PIP_NO_INPUT": "1", "TF_CPP_MIN_LOG_LEVEL": "2", "MPLBACKEND": "Agg"}
    result = subprocess.run(
        [str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    shown = " ".join(str(part) for part in command)
    output = f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    assert result.returncode == 0, f"`{shown}` exited {result.returncode}:\n{output}"
    return result


def write_table(path: Path, rows: int = 80) -> Path:
    """A small binary-classification CSV: the label is whether two features sum past one."""
    rng = random.Random(0)
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["tenure", "monthly charge", "calls", "churned"])
        for _ in range(rows):
            tenure, charge, calls = rng.random(), rng.random(), rng.randint(0, 9)
            writer.writerow([f"{tenure:.4f}", f"{charge:.4f}", calls, "yes" if tenure + charge > 1 else "no"])
    return path


def test_generated_project_installs_into_a_fresh_venv_and_runs(tmp_path: Path) -> None:
    data = write_table(tmp_path / "churn.csv")
    project = tmp_path / PROJECT
    _run(
        [sys.executable, "-m", "kgen", "new", project, "--task", "tabular_binary", "--data-path", data, "--defaults"],
        tmp_path,
    )

    venv = tmp_path / "venv"
    started = time.perf_counter()
    _run([sys.executable, "-m", "venv", venv], tmp_path)
    bin_dir = venv / "bin"
    # A regular (not editable) install: the wheel must carry the package and the scripts.
    _run([bin_dir / "python", "-m", "pip", "install", "--quiet", project], tmp_path)
    installed = time.perf_counter() - started

    # Imported from outside the project folder, so only the installed copy can be found.
    where = _run([bin_dir / "python", "-c", f"import {PACKAGE}; print({PACKAGE}.__file__)"], tmp_path).stdout
    assert Path(where.strip()).is_relative_to(venv), f"`{PACKAGE}` was imported from {where.strip()}, not the venv"
    usage = _run([bin_dir / f"{PROJECT}-train", "--help"], tmp_path).stdout
    assert "--epochs" in usage
    assert (bin_dir / f"{PROJECT}-evaluate").is_file() and (bin_dir / f"{PROJECT}-predict").is_file()

    # One epoch with only the project's declared dependencies proves they work together.
    _run([bin_dir / f"{PROJECT}-train", "--epochs", "1"], project)
    assert (project / "runs" / "latest" / "model.keras").is_file()
    print(f"venv + pip install of the generated project: {installed:.0f} s")
