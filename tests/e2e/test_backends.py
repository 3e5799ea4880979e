"""One project per Keras backend, installed as its README says, runs its tests and trains there.

Each project goes into its backend's cached virtualenv (tests/e2e/venvs.py) with
`pip install -e '.[dev]'`; nothing of kgen's environment leaks in, and `KERAS_BACKEND` is
unset: the package itself must choose its backend.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from tests.e2e import datasets, venvs

pytestmark = pytest.mark.e2e

PROJECTS = {
    # backend: (task, the data set's writer and arguments)
    "tensorflow": ("tabular_regression", ("table_csv", {"target": "y", "kind": "continuous"})),
    "jax": ("image_multiclass", ("image_folders", {"classes": 3, "size": (16, 16), "channels": 3})),
    "torch": ("tabular_regression", ("table_csv", {"target": "y", "kind": "continuous"})),
}


@pytest.mark.parametrize("backend", sorted(PROJECTS))
def test_a_project_installs_tests_and_trains_on_its_backend(backend: str, tmp_path: Path) -> None:
    task, (writer, arguments) = PROJECTS[backend]
    (tmp_path / "data").mkdir()
    data = getattr(datasets, writer)(tmp_path / "data", **arguments)
    name = f"backend-{backend}-check"  # unique among the projects that share the backend's venv
    project = tmp_path / name
    kgen_new = [sys.executable, "-m", "kgen", "new", project, "--task", task, "--data-path", data, "--defaults"]
    venvs.run([*kgen_new, "--backend", backend], tmp_path, PYTHONPATH=str(Path(__file__).parents[2]))

    started = time.perf_counter()
    bin_dir = venvs.install(project, backend)
    seconds = {"install": time.perf_counter() - started}
    python = bin_dir / "python"
    package = name.replace("-", "_")
    # From outside the project, with no KERAS_BACKEND: the package sets it before Keras loads.
    shown = venvs.run([python, "-c", f"import {package}, keras; print(keras.backend.backend())"], tmp_path).stdout
    assert shown.split() == [backend]

    started = time.perf_counter()
    venvs.run([python, "-m", "pytest", "-p", "no:cacheprovider"], project)
    seconds["pytest"] = time.perf_counter() - started
    venvs.run([bin_dir / f"{name}-train", "--epochs", "1"], project)
    seconds["train"] = time.perf_counter() - seconds["pytest"] - started
    assert (project / "runs" / "latest" / "model.keras").is_file()
    print(f"{backend}: " + ", ".join(f"{step} {value:.0f} s" for step, value in seconds.items()))
    print(f"{backend}: its venv took {venvs.cold_build_seconds(bin_dir)} s to build the first time")
