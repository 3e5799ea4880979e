"""A fresh clone builds kgen's wheel with every template version; the installed wheel updates old projects offline."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kgen import __version__, git, history
from tests.e2e import datasets

pytestmark = pytest.mark.e2e

REPOSITORY = Path(__file__).resolve().parents[2]
FIRST_VERSION = "0.1.0"


def run(*command: object, cwd: Path | None = None) -> str:
    result = subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if git.run(REPOSITORY, "rev-parse", "--is-shallow-repository").strip() == "true":
        pytest.skip("this checkout is a shallow clone: the template's older versions are not in it")
    folder = tmp_path_factory.mktemp("clone") / "kgen"
    run("git", "clone", "--quiet", "--no-local", REPOSITORY, folder)
    return folder


def test_a_fresh_clone_builds_the_same_history_as_this_checkout(clone, tmp_path):
    built = history.build(clone, tmp_path / "clone.bundle", worktree=False)
    assert [version.number for version in built][:1] == [FIRST_VERSION]
    assert built[-1].number == __version__
    ours = history.build(REPOSITORY, tmp_path / "ours.bundle", worktree=False)
    heads = {
        line.split()[1]: line.split()[0]
        for line in run("git", "bundle", "list-heads", tmp_path / "ours.bundle").splitlines()
    }
    theirs = run("git", "bundle", "list-heads", tmp_path / "clone.bundle").splitlines()
    for line in theirs:  # the same commit ids: projects record versions that every later build still has
        commit, ref = line.split()
        if ref != f"refs/tags/v{__version__}":
            assert heads[ref] == commit
    assert len(ours) == len(built)


def test_the_installed_wheel_updates_a_project_from_the_first_version_offline(clone, tmp_path):
    wheels = tmp_path / "wheels"
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", wheels, clone)
    (wheel,) = wheels.glob("kgen-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert "kgen/_template/templates.bundle" in archive.namelist()
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)
    python, kgen = venv / "bin" / "python", venv / "bin" / "kgen"
    run(python, "-m", "pip", "install", "--quiet", wheel)

    data = datasets.table_csv(tmp_path, target="species", kind="multiclass")
    old = tmp_path / "old"
    make_old = (
        "import sys; from pathlib import Path; from kgen import git, render;"
        "data = dict(project_name='old', package='old', task='tabular_multiclass', data_source='csv',"
        f" data_path={str(data)!r}, target_column='species', num_classes=3);"
        f"render.render_version(Path(sys.argv[1]), data, version={FIRST_VERSION!r});"
        "render.format_code(Path(sys.argv[1]), 'ruff'); git.init_and_commit(Path(sys.argv[1]), 'Start')"
    )
    run(python, "-c", make_old, old, cwd=tmp_path)
    assert f"_commit: v{FIRST_VERSION}\n" in (old / ".copier-answers.yml").read_text()

    behind = subprocess.run([kgen, "check-update", "--project", old], capture_output=True, text=True, check=False)
    assert behind.returncode == 1 and f"Template {__version__} is available" in behind.stderr
    run(kgen, "update", "--project", old)
    assert f"_commit: v{__version__}\n" in (old / ".copier-answers.yml").read_text()

    new = tmp_path / "new"
    run(kgen, "new", new, "--task", "tabular_multiclass", "--data-path", data, "--defaults")
    assert f"_commit: v{__version__}\n" in (new / ".copier-answers.yml").read_text()
    run(kgen, "check-update", "--project", new)
