from __future__ import annotations

import ast
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgen import catalog, components
from kgen import project as kgen_project
from kgen.cli import cli
from kgen.errors import InvalidAnswer
from tests.unit.test_imports import HEAVY, imported_modules

REPOSITORY = Path(__file__).resolve().parents[2]
ALL_BODIES = [(kind, body) for kind, bodies in catalog.PARTS.items() for body in bodies]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The files of a generated project that add-* reads: answers, package folders, pyproject."""
    root = tmp_path / "demo"
    (root / ".copier-answers.yml").parent.mkdir()
    (root / ".copier-answers.yml").write_text("_src_path: somewhere\npackage: demo\nproject_name: demo\n")
    (root / "pyproject.toml").write_text("[tool.ruff]\nline-length = 120\n")
    for folder in catalog.PART_FOLDERS.values():
        (root / "src" / "demo" / folder).mkdir(parents=True)
        (root / "src" / "demo" / folder / "__init__.py").write_text('"""Template-owned."""\n')
    (root / "tests").mkdir()
    return root


def kgen(*args: str | Path):
    return CliRunner().invoke(cli, [str(arg) for arg in args], catch_exceptions=False)


def files_under(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    ("name", "module", "class_name"),
    [
        ("resize", "resize", "Resize"),
        ("my_resize", "my_resize", "MyResize"),
        ("MyResize", "my_resize", "MyResize"),
        ("PSNRLoss", "psnr_loss", "PsnrLoss"),
        ("upsample2x", "upsample2x", "Upsample2x"),
        ("edge__loss", "edge_loss", "EdgeLoss"),
    ],
)
def test_a_name_gives_a_snake_case_module_and_a_camel_case_class(name, module, class_name):
    assert components.names_for("layer", name) == (module, class_name)


@pytest.mark.parametrize(
    ("name", "message", "hint"),
    [
        ("my-resize", "`my-resize` is not a valid layer name", "did you mean `my_resize`?"),
        ("2x", "`2x` is not a valid layer name", "e.g. `my_layer`"),
        ("_hidden", "`_hidden` is not a valid layer name", "did you mean `hidden`?"),
        ("größe", "`größe` is not a valid layer name", "e.g. `my_layer`"),
        ("class", "`class` is a Python keyword", "class_layer"),
        ("Class", "`Class` is a Python keyword", "class_layer"),
        ("a" * 65, "the layer name `aaaaaaaaaaaaaaaaaaaa...` is 65 characters long", "use at most 64 characters"),
    ],
)
def test_a_name_that_is_not_a_python_name_is_refused(name, message, hint):
    with pytest.raises(InvalidAnswer, match=message) as raised:
        components.names_for("layer", name)
    assert hint in raised.value.hint


@pytest.mark.parametrize(
    ("kind", "name", "built_in"),
    [
        ("layer", "dense", "Dense"),
        ("layer", "BatchNormalization", "BatchNormalization"),
        ("layer", "batch_normalization", "BatchNormalization"),
        ("loss", "dice", "Dice"),
        ("loss", "MeanSquaredError", "MeanSquaredError"),
        ("metric", "auc", "AUC"),
        ("metric", "f1_score", "F1Score"),
    ],
)
def test_a_keras_built_in_name_is_refused(kind, name, built_in):
    with pytest.raises(InvalidAnswer, match=f"taken by the Keras built-in `keras.{kind}[a-z]*.{built_in}`"):
        components.names_for(kind, name)


def test_a_built_in_of_another_kind_is_allowed():
    assert components.names_for("loss", "dense") == ("dense", "Dense")


@pytest.mark.parametrize(("kind", "body"), ALL_BODIES)
def test_every_body_renders_a_registered_class_and_its_test(project, kind, body):
    result = kgen(f"add-{kind}", "my_part", "--from", body, "--project", project)
    assert result.exit_code == 0, result.output
    folder = catalog.PART_FOLDERS[kind]
    source = (project / "src" / "demo" / folder / "my_part.py").read_text()
    test = (project / "tests" / f"test_{kind}_my_part.py").read_text()
    assert '@keras.saving.register_keras_serializable(package="demo")\nclass MyPart(' in source
    assert f"from demo.{folder}.my_part import MyPart" in test
    for text in (source, test):
        ast.parse(text)
        assert "kgen" not in text and "keras.src" not in text and "tf.keras" not in text
        assert "GradientTape" not in text
        # keras.ops on every backend; only the string layer needs TensorFlow (keras.ops has no strings)
        assert "import tensorflow" not in text or body == "normalize_spaces"
    assert f"from demo.{folder}.my_part import MyPart" in result.stdout
    tests = [node for node in ast.parse(test).body if isinstance(node, ast.FunctionDef)]
    assert any("mixed_bfloat16" in [arg.arg for arg in node.args.args] for node in tests), "no test in mixed precision"


def test_parameter_flags_become_the_constructor_defaults(project):
    result = kgen(
        "add-layer", "upsample", "--from", "resize", "--scale", "3", "--method", "bicubic", "--project", project
    )
    assert result.exit_code == 0, result.output
    source = (project / "src" / "demo" / "layers" / "upsample.py").read_text()
    assert 'def __init__(self, scale=3.0, method="bicubic", **kwargs):' in source


def test_only_the_two_new_files_are_written(project):
    before = files_under(project)
    assert kgen("add-metric", "peak_snr", "--from", "psnr", "--project", project).exit_code == 0
    after = files_under(project)
    assert {k: v for k, v in after.items() if k in before} == before
    assert sorted(set(after) - set(before)) == ["src/demo/metrics/peak_snr.py", "tests/test_metric_peak_snr.py"]


def test_the_project_is_kgens_project_with_its_part_folders(project):
    found = components.find_project(project / "src" / "demo")
    assert isinstance(found, kgen_project.Project)
    assert (found.root, found.package) == (project.resolve(), "demo")
    assert found.part_folder("loss") == project.resolve() / "src" / "demo" / "losses"


def test_what_was_added_names_the_package_it_registers_in(project):
    added = components.add_part("metric", "peak_snr", "psnr", {}, start=project, dry_run=True)
    assert added.project.package == "demo" and added.dry_run
    assert added.files == [Path("src/demo/metrics/peak_snr.py"), Path("tests/test_metric_peak_snr.py")]
    result = kgen("add-metric", "peak_snr", "--from", "psnr", "--project", project)
    assert "`import demo` registers it with Keras" in result.stderr
    assert "Its test: `pytest tests/test_metric_peak_snr.py`" in result.stderr


def test_it_finds_the_project_from_a_folder_inside_it(project, monkeypatch):
    monkeypatch.chdir(project / "src" / "demo")
    result = kgen("add-loss", "smooth_l1", "--from", "charbonnier")
    assert result.exit_code == 0, result.output
    assert (project / "src" / "demo" / "losses" / "smooth_l1.py").is_file()
    assert f"Wrote in `{project.resolve()}`" in result.stderr


def test_dry_run_shows_the_files_and_the_diff_and_writes_nothing(project):
    before = files_under(project)
    result = kgen("add-layer", "gain", "--from", "scale", "--dry-run", "--project", project)
    assert result.exit_code == 0, result.output
    assert files_under(project) == before
    assert "Would write 2 files" in result.stderr
    assert "--- /dev/null\n+++ b/src/demo/layers/gain.py\n" in result.stdout
    assert "+++ b/tests/test_layer_gain.py\n" in result.stdout
    assert "+class Gain(keras.layers.Layer):" in result.stdout


def test_outside_a_project_is_refused(tmp_path):
    result = kgen("add-layer", "gain", "--project", tmp_path)
    assert result.exit_code == 2
    assert "is not inside a kgen project" in result.stderr
    assert "hint: run this inside a project made with `kgen new`" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_answers_file_that_is_not_utf8_is_refused(project):
    (project / ".copier-answers.yml").write_bytes(b"\xff\xfepackage: demo\n")
    result = kgen("add-layer", "gain", "--project", project)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cannot read `{project / '.copier-answers.yml'}`: 'utf-8' codec")
    assert "hint: restore it from git" in result.stderr


def test_a_project_without_the_parts_folders_is_refused(project):
    (project / "src" / "demo" / "layers" / "__init__.py").unlink()
    result = kgen("add-layer", "gain", "--project", project)
    assert result.exit_code == 2
    assert "`src/demo/layers/__init__.py` is missing" in result.stderr
    assert "kgen update" in result.stderr


def test_the_same_name_twice_is_refused_and_nothing_changes(project):
    assert kgen("add-layer", "gain", "--from", "scale", "--project", project).exit_code == 0
    (project / "src" / "demo" / "layers" / "gain.py").write_text("# edited by hand\n")
    before = files_under(project)
    result = kgen("add-layer", "gain", "--from", "resize", "--project", project)
    assert result.exit_code == 2
    assert "the layer `gain` exists already: `src/demo/layers/gain.py`" in result.stderr
    assert "--force" in result.stderr
    assert files_under(project) == before


def test_a_test_file_in_the_way_is_refused(project):
    (project / "tests" / "test_loss_quartic.py").write_text("# mine\n")
    result = kgen("add-loss", "quartic", "--from", "quartic", "--project", project)
    assert result.exit_code == 2
    assert "`tests/test_loss_quartic.py`" in result.stderr
    assert not (project / "src" / "demo" / "losses" / "quartic.py").exists()


def test_force_replaces_the_files_of_the_same_part(project):
    assert kgen("add-layer", "gain", "--from", "scale", "--project", project).exit_code == 0
    (project / "src" / "demo" / "layers" / "gain.py").write_text("# edited by hand\n")
    result = kgen("add-layer", "gain", "--from", "standardize", "--force", "--dry-run", "--project", project)
    assert result.exit_code == 0, result.output
    assert "--- a/src/demo/layers/gain.py\n" in result.stdout and "-# edited by hand" in result.stdout
    assert kgen("add-layer", "gain", "--from", "standardize", "--force", "--project", project).exit_code == 0
    assert "ops.var(" in (project / "src" / "demo" / "layers" / "gain.py").read_text()


def test_a_class_name_another_part_has_is_refused_even_with_force(project):
    assert kgen("add-layer", "smooth", "--project", project).exit_code == 0
    result = kgen("add-loss", "Smooth", "--force", "--project", project)
    assert result.exit_code == 2
    assert "`Smooth` is defined already, in `src/demo/layers/smooth.py`" in result.stderr
    assert not (project / "src" / "demo" / "losses" / "smooth.py").exists()


def test_a_flag_of_another_body_is_refused(project):
    result = kgen("add-layer", "gain", "--from", "scale", "--scale", "2", "--project", project)
    assert result.exit_code == 2
    assert "`--scale` does not apply to `--from scale`" in result.stderr
    assert "hint: `--scale` belongs to `--from resize`" in result.stderr
    assert not (project / "src" / "demo" / "layers" / "gain.py").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "resize", "--method", "cubic"], "`cubic` is not one of bilinear, bicubic, nearest"),
        (["--from", "resize", "--scale", "big"], "scale `big` is not a number"),
        (["--from", "resize", "--scale", "0"], "scale `0.0` is too small"),
        (["--from", "resize", "--scale", "nan"], "scale `nan` is not a number"),
        (["--from", "scale", "--initial-value", "1e400"], "initial-value `1e400` is not a number"),
        (["--from", "scale", "--per-channel", "maybe"], "per-channel `maybe` is not true or false"),
        (["--from", "nonsense"], "'nonsense' is not one of"),
    ],
)
def test_a_bad_flag_value_is_refused_before_writing(project, args, message):
    result = kgen("add-layer", "gain", *args, "--project", project)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (project / "src" / "demo" / "layers" / "gain.py").exists()


def test_a_keras_built_in_name_is_refused_by_the_command(project):
    result = kgen("add-loss", "dice", "--from", "dice", "--project", project)
    assert result.exit_code == 2
    assert "Error: `dice` is taken by the Keras built-in `keras.losses.Dice`" in result.stderr
    assert "hint: choose another name, e.g. `dice_loss`" in result.stderr


@pytest.mark.parametrize("kind", catalog.PARTS)
def test_help_lists_every_body_and_its_flags(kind):
    result = kgen(f"add-{kind}", "--help")
    assert result.exit_code == 0
    for body in catalog.PARTS[kind].values():
        assert f"  {body.name:<12} {body.help}" in result.output
        for param in body.params:
            assert f"--{param.name.replace('_', '-')} " in result.output


def test_the_help_of_add_layer_loads_nothing_heavy():
    statement = (
        "import kgen.cli; kgen.cli.cli.get_command(None, 'add-layer').get_help(kgen.cli.click.Context(kgen.cli.cli))"
    )
    assert not imported_modules(statement) & set(HEAVY)


def test_every_custom_loss_and_metric_of_kgen_new_is_a_ready_made_body():
    for kind, table in (("loss", catalog.LOSSES), ("metric", catalog.METRICS)):
        for name, entry in table.items():
            if entry.custom:
                assert catalog.PARTS[kind][name].class_name, f"{kind} `{name}` needs a class name"


@pytest.mark.parametrize(("kind", "body"), ALL_BODIES)
def test_every_body_has_its_template_and_valid_defaults(kind, body):
    part = catalog.PARTS[kind][body]
    assert (REPOSITORY / "templates" / "parts" / kind / f"{body}.py.jinja").is_file()
    assert part.help and not part.help.endswith(".")
    for param in part.params:
        assert param.kind in ("int", "float", "bool", "str")
        assert param.minimum is None or param.default >= param.minimum
        assert not param.choices or param.default in param.choices
        if kind == "metric":  # the metric test writes its parameters as a JSON literal
            assert param.kind in ("int", "float")
    if kind == "metric":
        assert part.known is not None and len(part.sample_shape) >= 2
    if kind == "loss":
        assert part.targets in ("real", "binary")


def test_a_parameter_flag_means_the_same_in_every_body_of_a_kind():
    for bodies in catalog.PARTS.values():
        seen: dict[str, str] = {}
        for part in bodies.values():
            for param in part.params:
                assert seen.setdefault(param.name, param.kind) == param.kind, param.name
