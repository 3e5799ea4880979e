from __future__ import annotations

import re
from pathlib import Path

import pytest

from kgen import catalog, render
from kgen.errors import DestinationError, KgenError

REPOSITORY = Path(__file__).resolve().parents[2]
LONG_CALL = "result = some_function(first_argument, second_argument, third_argument, fourth_argument_x)\n"


def project_with(tmp_path: Path, pyproject: str, code: str) -> Path:
    project = tmp_path / "project"
    (project / "src").mkdir(parents=True)
    (project / "pyproject.toml").write_text(pyproject)
    (project / "src" / "module.py").write_text(code)
    return project


def test_a_source_checkout_renders_from_the_repository_root():
    assert render.template_root() == REPOSITORY


@pytest.mark.parametrize("formatter", ["ruff", "black"])
def test_the_project_line_length_applies(tmp_path, formatter):
    project = project_with(tmp_path, "[tool.ruff]\nline-length = 100\n", "x = {  'a':1 }\n" + LONG_CALL)
    render.format_code(project, formatter)
    assert (project / "src" / "module.py").read_text() == 'x = {"a": 1}\n' + LONG_CALL
    assert not (project / ".ruff_cache").exists()


def test_without_project_settings_the_formatter_defaults_apply(tmp_path):
    project = project_with(tmp_path, "[project]\nname = 'p'\n", LONG_CALL)
    render.format_code(project, "ruff")
    assert (project / "src" / "module.py").read_text().count("\n") > 1


def test_code_the_formatter_refuses_is_an_error(tmp_path):
    project = project_with(tmp_path, "", "def broken(:\n")
    with pytest.raises(KgenError, match="`ruff` could not format the generated code"):
        render.format_code(project, "ruff")


def test_a_folder_in_place_of_a_file_is_refused_before_writing(tmp_path):
    project = tmp_path / "rendered"
    (project / "src").mkdir(parents=True)
    (project / "README.md").write_text("new")
    destination = tmp_path / "destination"
    (destination / "README.md").mkdir(parents=True)
    with pytest.raises(DestinationError, match="is a folder, but the project has a file there"):
        render._check_overlay(project, destination)


def test_a_part_renders_its_module_and_its_test_formatted_like_the_project(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.ruff]\nline-length = 100\n")
    part = catalog.PARTS["layer"]["resize"]
    data = {"package": "demo", "part": part.context("upsample", "Upsample")}
    rendered = render.part(tmp_path, data)
    assert sorted(rendered) == [Path("src/demo/layers/upsample.py"), Path("tests/test_layer_upsample.py")]
    assert "class Upsample(" in rendered[Path("src/demo/layers/upsample.py")]
    assert list(tmp_path.iterdir()) == [tmp_path / "pyproject.toml"]


def test_the_parts_template_reads_nothing_outside_its_folder():
    # `render.part` copies only `templates/parts` to render from
    parts = REPOSITORY / "templates" / "parts"
    tag = re.compile(r"{%-?\s*(?:include|import|from|extends)\s+(.*?)-?%}", re.DOTALL)
    for path in parts.rglob("*.jinja"):
        for expression in tag.findall(path.read_text(encoding="utf-8")):
            paths = re.findall(r"""["'](templates/[^"']*)""", expression)  # one path, or a list to try in order
            assert paths and all(named.startswith("templates/parts/") for named in paths), (path, expression)
