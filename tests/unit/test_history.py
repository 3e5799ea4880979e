"""Template versions come from what is committed: the last commit of each `__version__`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kgen import fixups, git, history
from kgen.errors import DestinationError, HistoryError, KgenError
from kgen.project import Project, find


def commit(repo: Path, version: str | None = None, template: str | None = None) -> str:
    if version is not None:
        (repo / "kgen").mkdir(exist_ok=True)
        (repo / "kgen" / "__init__.py").write_text(f'"""kgen."""\n\n__version__ = "{version}"\n')
    if template is not None:
        (repo / "templates").mkdir(exist_ok=True)
        (repo / "templates" / "file.txt").write_text(template)
        (repo / "copier.yml").write_text("_subdirectory: templates\n")
    (repo / "other.txt").write_text(f"{version} {template} {len(git.run(repo, 'log', '--all', check=False))}")
    git.commit_all(repo, "change")
    return git.run(repo, "rev-parse", "HEAD").strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "kgen"
    repo.mkdir()
    git.run(repo, "init", "--quiet")
    commit(repo, version="0.0.1")  # no template yet: not a template version
    commit(repo, version="1.0.0", template="one")
    commit(repo, template="one, fixed")
    commit(repo)  # unrelated to the template
    return repo


def tags(bundle: Path) -> dict[str, str]:
    lines = git.run(bundle.parent, "bundle", "list-heads", str(bundle)).splitlines()
    return {ref.removeprefix("refs/tags/"): commit for commit, ref in (line.split() for line in lines)}


def test_a_version_is_the_last_commit_that_has_it(repo):
    last_of_1 = git.run(repo, "rev-parse", "HEAD").strip()
    commit(repo, version="1.1.0", template="two")
    found = history.versions(repo)
    assert [(v.number, v.commit) for v in found][0] == ("1.0.0", last_of_1)
    assert [v.tag for v in found] == ["v1.0.0", "v1.1.0"]


def test_the_bundle_holds_each_version_with_its_template_only(repo, tmp_path):
    commit(repo, version="1.1.0", template="two")
    history.build(repo, tmp_path / "t.bundle")
    clone = tmp_path / "clone"
    git.run(tmp_path, "clone", "--quiet", str(tmp_path / "t.bundle"), str(clone))
    git.run(clone, "checkout", "--quiet", "v1.0.0")
    assert (clone / "templates" / "file.txt").read_text() == "one, fixed"
    assert sorted(path.name for path in clone.iterdir() if path.name != ".git") == ["copier.yml", "templates"]
    git.run(clone, "checkout", "--quiet", "v1.1.0")
    assert (clone / "templates" / "file.txt").read_text() == "two"


def test_builds_are_deterministic_so_old_versions_keep_their_commit(repo, tmp_path):
    history.build(repo, tmp_path / "first.bundle")
    commit(repo, version="2.0.0", template="three")
    history.build(repo, tmp_path / "second.bundle")
    first, second = tags(tmp_path / "first.bundle"), tags(tmp_path / "second.bundle")
    assert second["v1.0.0"] == first["v1.0.0"]
    assert set(second) == {"v1.0.0", "v2.0.0", "refs/heads/main"}


def test_the_working_tree_stands_for_the_newest_version(repo, tmp_path):
    (repo / "templates" / "file.txt").write_text("one, being edited")
    found = history.versions(repo)
    assert found[-1].number == "1.0.0" and found[-1].commit is None
    assert [v.number for v in history.versions(repo, worktree=False)] == ["1.0.0"]
    history.build(repo, tmp_path / "t.bundle")
    clone = tmp_path / "clone"
    git.run(tmp_path, "clone", "--quiet", "--branch", "v1.0.0", str(tmp_path / "t.bundle"), str(clone))
    assert (clone / "templates" / "file.txt").read_text() == "one, being edited"


def test_a_repository_without_a_template_is_refused(tmp_path):
    repo = tmp_path / "empty"
    repo.mkdir()
    git.run(repo, "init", "--quiet")
    commit(repo, version="1.0.0")
    with pytest.raises(HistoryError, match="holds both copier.yml and templates"):
        history.build(repo, tmp_path / "t.bundle")


def test_the_wheel_build_hook_can_import_history_with_the_standard_library_only():
    # hatch_build.py puts the source tree first on sys.path and imports `kgen.history`,
    # in a build environment that has neither kgen's dependencies nor kgen installed.
    root = Path(__file__).resolve().parents[2]
    code = (
        f"import sys; sys.path.insert(0, {str(root)!r}); from kgen import history; "
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'kgen'))"
    )
    result = subprocess.run([sys.executable, "-I", "-S", "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "['kgen', 'kgen.errors', 'kgen.history']"


@pytest.mark.parametrize(
    ("commit_value", "version"),
    [("v0.2.0", "0.2.0"), ("v0.1.0-3-gabc1234", "0.1.0"), (None, "0.1.0"), ("v1.0.0rc1", "1.0.0rc1")],
)
def test_the_project_version_comes_from_commit(commit_value, version):
    answers = {"package": "p", "project_name": "p"} | ({"_commit": commit_value} if commit_value else {})
    assert Project(Path("."), answers).version == version


def test_a_hand_edited_commit_is_refused():
    with pytest.raises(KgenError, match="not a kgen template version"):
        _ = Project(Path("."), {"_commit": "main"}).version


def test_find_walks_up_and_refuses_outside_a_project(tmp_path):
    (tmp_path / "p" / "src").mkdir(parents=True)
    (tmp_path / "p" / ".copier-answers.yml").write_text("_commit: v0.2.0\npackage: p\nproject_name: p\n")
    assert find(tmp_path / "p" / "src").root == (tmp_path / "p").resolve()
    with pytest.raises(DestinationError) as error:
        find(tmp_path)
    assert error.value.exit_code == 2 and "not inside a kgen project" in str(error.value)


def test_fixups_apply_after_the_project_version_up_to_the_target():
    renames = (
        fixups.RenamedFile("0.2.0", "a", "b"),
        fixups.RenamedAnswer("0.3.0", "x", "y"),
        fixups.RenamedFile("1.0.0", "b", "c"),
    )
    assert fixups.between("0.1.0", "0.3.0", renames) == list(renames[:2])
    assert fixups.between("0.2.0", "0.2.0", renames) == []
    assert fixups.between("0.2.0", "1.0.0", renames) == list(renames[1:])
