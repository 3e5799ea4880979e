"""Render every matrix case with `kgen new`, then run the generated project's own checks.

A case on TensorFlow runs its tests in kgen's environment; a case on another backend installs
into that backend's cached virtualenv (tests/e2e/venvs.py) and runs its tests there.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kgen import render
from tests.e2e import datasets, venvs
from tests.e2e.matrix import CASES

pytestmark = pytest.mark.e2e


def _run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, cwd=cwd, env={**os.environ, **env}, capture_output=True, text=True)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout[-6000:]}\n{result.stderr[-6000:]}"
    return result


def render_case(name: str, root: Path) -> Path:
    """Write the case's data and answers under `root`, run `kgen new`, return the project."""
    case = CASES[name]
    writer, arguments = case["data"]
    (root / "data").mkdir()
    data_path = getattr(datasets, writer)(root / "data", **arguments)
    answers = {"project_name": f"proj-{name}", **case["answers"], "data_path": str(data_path), "epochs": 2}
    answers_file = root / "answers.yml"
    answers_file.write_text(yaml.safe_dump(answers))
    project = root / "project"
    _run([sys.executable, "-m", "kgen", "new", str(project), "--answers", str(answers_file), "--defaults"], root)
    return project


@pytest.mark.parametrize("name", sorted(CASES))
def test_generated_project_is_clean_and_passes_its_own_tests(name: str, tmp_path: Path) -> None:
    project = render_case(name, tmp_path)
    assert not [p for p in project.rglob("*.py") if "kgen" in p.read_text()], "a generated file mentions kgen"
    _run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], project)
    _run([sys.executable, "-m", "ruff", "format", "--check", "--no-cache", "."], project)
    assert_the_template_renders_formatted_code(project)
    backend = CASES[name]["answers"].get("backend", "tensorflow")
    if backend == "tensorflow":
        _run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], project, PYTHONPATH=str(project / "src"))
        return
    python = venvs.install(project, backend) / "python"
    venvs.run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider"], project)


def assert_the_template_renders_formatted_code(project: Path) -> None:
    """copier alone, without kgen's formatting step, writes the same Python files.

    Plain `copier update` compares a project with an unformatted render of its template
    version: any line the formatter changed would count as the user's edit and could conflict.
    """
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    raw = project.parent / "raw-render"
    version = answers["_commit"].removeprefix("v")
    render.render_version(raw, {key: value for key, value in answers.items() if key[0] != "_"}, version=version)
    for path in sorted(project.rglob("*.py")):
        relative = path.relative_to(project)
        assert (raw / relative).read_text() == path.read_text(), f"{relative} changes when formatted"
