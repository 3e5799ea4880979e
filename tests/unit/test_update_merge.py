"""The per-file 3-way merge of `kgen update`, on plain folders: old render, new render, project."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from kgen import update
from kgen.errors import UpdateAvailable, UpdateConflict, UpdateRefused
from kgen.project import Project
from kgen.update import Change, Outcome, _merge

LINES = "".join(f"line {number}\n" for number in range(1, 13))


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir()
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return folder


@pytest.fixture
def folders(tmp_path: Path):
    def make(old: dict[str, str], new: dict[str, str], project: dict[str, str], renames=None):
        paths = [write(tmp_path / name, files) for name, files in (("old", old), ("new", new), ("project", project))]
        outcome = _merge(paths[2], paths[0], paths[1], renames or {})
        return {change.path: change for change in outcome.changes}, outcome

    return make


def test_template_changes_and_user_changes_in_different_places_both_arrive(folders):
    changes, _ = folders(
        {"a.py": LINES},
        {"a.py": LINES.replace("line 1\n", "line one\n")},
        {"a.py": LINES.replace("line 12\n", "line twelve\n")},
    )
    assert changes["a.py"].after == LINES.replace("line 1\n", "line one\n").replace("line 12\n", "line twelve\n")
    assert changes["a.py"].word == "merged"


MODEL = 'def build_model(config):\n    """The model."""\n    return config\n'
TEMPLATES = '\n\ndef layer_name(column):\n    """The template\'s new helper."""\n    return column\n'
MINE = '\n\ndef my_helper():\n    """Mine."""\n    return 1\n'


def test_both_sides_appending_at_the_end_keep_both_the_templates_lines_first(folders):
    changes, outcome = folders({"model.py": MODEL}, {"model.py": MODEL + TEMPLATES}, {"model.py": MODEL + MINE})
    assert changes["model.py"].after == MODEL + TEMPLATES + MINE
    assert changes["model.py"].word == "merged" and outcome.conflicts == []


def test_both_sides_inserting_at_one_place_in_the_middle_keep_both(folders):
    changes, outcome = folders(
        {"a.py": LINES},
        {"a.py": LINES.replace("line 6\n", "line 6\ntemplate 1\ntemplate 2\n")},
        {"a.py": LINES.replace("line 6\n", "line 6\nmine\n").replace("line 12\n", "line twelve\n")},
    )
    expected = LINES.replace("line 6\n", "line 6\ntemplate 1\ntemplate 2\nmine\n").replace("line 12\n", "line twelve\n")
    assert changes["a.py"].after == expected and outcome.conflicts == []


CONFIG = '[training]\nepochs = 30\nbatch_size = 32\n\n[data]\npath = "data"\n'


def test_keys_both_sides_add_at_the_end_of_a_toml_table_are_all_kept(folders):
    theirs = CONFIG.replace("batch_size = 32\n", "batch_size = 32\njit_compile = true\n")
    ours = CONFIG.replace("batch_size = 32\n", "batch_size = 32\nmy_key = 1\n")
    changes, outcome = folders({"default.toml": CONFIG}, {"default.toml": theirs}, {"default.toml": ours})
    assert changes["default.toml"].after == CONFIG.replace(
        "batch_size = 32\n", "batch_size = 32\njit_compile = true\nmy_key = 1\n"
    )
    assert outcome.conflicts == []


def test_an_insertion_beside_a_changed_line_is_still_a_conflict(folders):
    theirs = LINES.replace("line 6\n", "line 6\ntemplate\n")
    ours = LINES.replace("line 6\n", "line six\nmine\n")
    changes, outcome = folders({"a.py": LINES}, {"a.py": theirs}, {"a.py": ours})
    text = changes["a.py"].after
    assert outcome.conflicts == ["a.py"] and "|||||||" not in text
    assert text.count("<<<<<<< before updating\n") == 1 and text.count(">>>>>>> after updating\n") == 1
    assert "line five" not in text and text.startswith(LINES.split("line 6")[0])


def test_changes_to_the_same_lines_conflict_with_both_sides_kept(folders):
    changes, outcome = folders(
        {"a.py": LINES}, {"a.py": LINES.replace("line 5", "template 5")}, {"a.py": LINES.replace("line 5", "mine 5")}
    )
    text = changes["a.py"].after
    assert outcome.conflicts == ["a.py"] and "mine 5" in text and "template 5" in text
    assert "<<<<<<< before updating" in text and ">>>>>>> after updating" in text


def test_a_file_the_user_changed_and_the_template_did_not_is_left_alone(folders):
    changes, _ = folders({"a.py": LINES}, {"a.py": LINES}, {"a.py": LINES + "mine\n"})
    assert changes == {}


def test_deletions_on_either_side(folders):
    changes, outcome = folders(
        {"deleted_by_user.py": LINES, "dropped.py": LINES, "dropped_but_edited.py": LINES},
        {"deleted_by_user.py": LINES + "new\n"},
        {"dropped.py": LINES, "dropped_but_edited.py": LINES + "mine\n", "mine.py": "mine\n"},
    )
    assert changes["dropped.py"].word == "deleted"
    assert "deleted_by_user.py" not in changes and "dropped_but_edited.py" not in changes
    assert outcome.kept == ["dropped_but_edited.py"] and "mine.py" not in changes


def test_an_added_file_arrives_and_the_answers_file_is_the_new_versions(folders):
    changes, _ = folders(
        {".copier-answers.yml": "_commit: v1\nx: 1\n"},
        {".copier-answers.yml": "_commit: v2\nx: 1\n", "CHANGELOG.md": "new\n"},
        {".copier-answers.yml": "_src_path: /old/place\nx: 1\n"},
    )
    assert changes["CHANGELOG.md"].word == "added"
    assert changes[".copier-answers.yml"].after == "_commit: v2\nx: 1\n"


def test_a_renamed_file_takes_the_users_edits_to_its_new_path(folders):
    changes, _ = folders(
        {"losses.py": LINES},
        {"losses/charbonnier.py": LINES.replace("line 1\n", "line one\n")},
        {"losses.py": LINES + "mine\n"},
        renames={"losses.py": "losses/charbonnier.py"},
    )
    assert changes["losses.py"].word == "deleted"
    assert changes["losses/charbonnier.py"].after == LINES.replace("line 1\n", "line one\n") + "mine\n"
    assert "+mine" in changes["losses/charbonnier.py"].diff()


@pytest.mark.parametrize(("dry_run", "need"), [(False, "need"), (True, "would need")])
def test_an_outcome_with_conflicts_ends_with_an_update_conflict(dry_run, need):
    changes = [Change("a.py", "x\n", "<<<\n", conflict=True), Change("b.py", "y\n", "z\n")]
    changes.append(Change("c.py", "x\n", "<<<\n", conflict=True))
    error = Outcome("1.0.0", "2.0.0", changes, dry_run=dry_run).error
    assert isinstance(error, UpdateConflict) and error.exit_code == 1
    assert str(error) == f"2 file(s) {need} your hand: a.py, c.py"
    assert "`<<<<<<< before updating` and `>>>>>>> after updating`" in error.hint


def test_an_outcome_without_conflicts_ends_without_an_error():
    assert Outcome("1.0.0", "2.0.0", [Change("b.py", "y\n", "z\n")]).error is None
    assert Outcome("1.0.0", "1.0.0").unchanged
    assert not Outcome("1.0.0", "2.0.0", kept=["mine.py"]).unchanged


def at(version: str) -> Project:
    return Project(Path("."), {"package": "p", "project_name": "p", "_commit": f"v{version}"})


def test_check_passes_at_the_newest_version_and_raises_while_behind():
    assert update.check(at("2.0.0"), SimpleNamespace(latest="2.0.0")).current == "2.0.0"
    with pytest.raises(UpdateAvailable) as raised:
        update.check(at("1.0.0"), SimpleNamespace(latest="2.0.0"))
    assert str(raised.value) == "Template 2.0.0 is available; the project is at 1.0.0. Run `kgen update`."
    assert raised.value.exit_code == 1 and raised.value.prefix == ""
    with pytest.raises(UpdateRefused, match="newer than this kgen's template"):
        update.check(at("3.0.0"), SimpleNamespace(latest="2.0.0"))
