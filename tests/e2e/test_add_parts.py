"""Add every ready-made part to one generated project, then run the project's own checks.

One project for all three kinds keeps the cost to one `kgen new` and one run of the
project's test suite. The project chosen has the template's own custom loss and metric, so
the parts sit beside the ones `kgen new` wrote.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgen import catalog
from kgen.cli import cli
from tests.e2e.test_matrix import _run, render_case

pytestmark = pytest.mark.e2e

# Flags that move some bodies off their defaults, so the generated tests see other values.
FLAGS = {
    ("layer", "resize"): ["--scale", "1.5", "--method", "nearest"],
    ("layer", "scale"): ["--per-channel", "false", "--initial-value", "0.5"],
    ("loss", "charbonnier"): ["--epsilon", "0.01"],
    ("loss", "focal"): ["--gamma", "1.5"],
    ("metric", "psnr"): ["--max-value", "2"],
    ("metric", "ssim"): ["--window-size", "5"],
}


def git(project: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=project, capture_output=True, text=True, check=True).stdout


def commit_all(project: Path, message: str) -> None:
    if not (project / ".git").exists():
        git(project, "init", "-q")
    git(project, "add", "-A")
    if not git(project, "status", "--porcelain"):
        return  # `kgen new` committed the project already
    git(project, "-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", message)


def test_every_part_added_to_a_project_passes_the_project_checks_and_survives_an_update(tmp_path: Path) -> None:
    project = render_case("csv-regression-mse", tmp_path)  # on TensorFlow: its tests run in this environment
    package = "proj_csv_regression_mse"
    commit_all(project, "generated")
    expected = set()
    for kind, bodies in catalog.PARTS.items():
        for body in bodies:
            name = f"my_{body}_{kind}"
            args = [f"add-{kind}", name, "--from", body, *FLAGS.get((kind, body), []), "--project", str(project)]
            result = CliRunner().invoke(cli, args, catch_exceptions=False)
            assert result.exit_code == 0, result.output
            expected |= {f"src/{package}/{catalog.PART_FOLDERS[kind]}/{name}.py", f"tests/test_{kind}_{name}.py"}

    status = git(project, "status", "--porcelain", "--untracked-files=all").splitlines()
    assert all(line.startswith("?? ") for line in status), status  # nothing the template owns was touched
    assert {line[3:] for line in status} == expected

    _run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], project)
    _run([sys.executable, "-m", "ruff", "format", "--check", "--no-cache", "."], project)
    _run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], project, PYTHONPATH=str(project / "src"))

    commit_all(project, "parts")
    parts = {path: (project / path).read_text() for path in expected}
    _run([sys.executable, "-m", "kgen", "update", "--set", "epochs=3", "--project", str(project)], project)
    changed = {line[3:] for line in git(project, "status", "--porcelain", "--untracked-files=all").splitlines()}
    assert changed and not changed & expected, changed  # the update re-rendered the project, not the parts
    assert {path: (project / path).read_text() for path in expected} == parts
    template_owned = {"__init__.py", "charbonnier.py", "psnr.py", "fill_missing.py"}  # the csv stem's layer
    modules = {path.relative_to(project).as_posix() for path in (project / "src" / package).glob("*/*.py")}
    assert {path for path in modules if Path(path).name not in template_owned} == {
        path for path in expected if path.startswith("src/")
    }
