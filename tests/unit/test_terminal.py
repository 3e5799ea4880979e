"""`kgen new` in a real terminal: the prompts a person sees, answered as a person would."""

from __future__ import annotations

import sys
from pathlib import Path

import pexpect
import pytest


def _spawn(arguments: str, cwd: Path) -> pexpect.spawn:
    return pexpect.spawn(
        f"{sys.executable} -m kgen {arguments}", cwd=str(cwd), encoding="utf-8", timeout=60, dimensions=(60, 160)
    )


def _answer(child: pexpect.spawn, prompt: str, answer: str) -> None:
    child.expect_exact(prompt)
    child.sendline(answer)


def test_prompts_offer_only_fitting_choices_ask_again_on_a_bad_answer_and_write_the_project(
    tmp_path: Path, write_csv
) -> None:
    data = write_csv(["height (cm)", "weight", "label"], [[1.0 + i, 2.0 * i, "ab"[i % 2]] for i in range(20)])
    child = _spawn("new project", tmp_path)
    _answer(child, "Project name", "churn-model")
    _answer(child, "Python package name", "")
    child.expect_exact("What the model predicts")
    child.expect_exact("tabular_binary")
    _answer(child, "Name or number", "tabular_binary")
    child.expect_exact("Where the data comes from")
    child.expect_exact("csv")
    _answer(child, "Name or number", "")
    _answer(child, "Path to the data", "missing.csv")
    child.expect_exact("does not exist")  # asked again, nothing written
    _answer(child, "Path to the data", str(data))
    child.expect_exact("The file's columns:")  # what each column holds, before the column questions
    child.expect_exact("height (cm): numeric")
    _answer(child, "CSV column that holds the target", "")  # the last column, read from the file
    _answer(child, "CSV columns the model reads", "")
    _answer(child, "Name or number [comma]", "")  # the delimiter, read from the file
    _answer(child, "Feature columns that hold categories", "")
    _answer(child, "Numeric feature columns with empty cells", "")
    _answer(child, "Most values a categorical column may take", "")
    for _ in range(2):
        _answer(child, "Fraction of the data held out", "")
    _answer(child, "Architecture", "dense:units=8")
    child.expect_exact("binary_crossentropy")
    child.expect(r"Name or number \[binary_crossentropy\]")
    assert "sparse_categorical_crossentropy" not in child.before  # a softmax loss does not fit two classes
    child.sendline("")
    child.expect_exact("Names or numbers")
    child.sendline("accuracy")
    _answer(child, "Name or number [adam]", "")
    _answer(child, "Initial learning rate", "")
    _answer(child, "Name or number [constant]", "")
    _answer(child, "Epochs without improvement before the rate is halved", "")
    _answer(child, "Most epochs", "3")
    _answer(child, "Batch size", "8")
    _answer(child, "Name or number [tensorflow]", "")
    _answer(child, "Name or number [float32]", "")
    _answer(child, "Name or number [none]", "")
    child.expect_exact("The same project again, without questions")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    config = (tmp_path / "project" / "configs" / "default.toml").read_text()
    assert 'feature_columns = ["height (cm)", "weight"]' in config
    assert "epochs = 3" in config


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ("new project --task nonsense", "unknown task `nonsense`"),
        ("new project --loss hubber", "did you mean `huber`?"),
        ("new project --epochs many", "epochs `many` is not a whole number"),
    ],
)
def test_bad_flags_fail_before_any_prompt(tmp_path: Path, arguments: str, message: str) -> None:
    child = _spawn(arguments, tmp_path)
    child.expect(pexpect.EOF)  # a prompt would wait for input and time out here
    output = child.before
    child.close()
    assert message in output and "hint:" in output
    assert "Project name" not in output
    assert child.exitstatus == 2
    assert not (tmp_path / "project").exists()


def test_a_refused_block_stays_on_screen_and_the_example_fits_the_task(tmp_path: Path, write_csv) -> None:
    """The block table is listed once: listed again, its 16 lines pushed the refusal off the screen."""
    import math
    import shlex

    from kgen import spec

    rows = [[f"{math.sin(i / 3):.3f}", f"{math.cos(i / 5):.3f}"] for i in range(120)]
    data = write_csv(["humidity", "level"], rows, name="series.csv")
    answers = spec.resolve({"task": "series_forecast", "data_path": str(data), "target_column": "level"})
    words = shlex.split(answers.command_line(tmp_path / "forecast"))[2:]
    without_blocks = [word for index, word in enumerate(words) if "--block" not in words[max(index - 1, 0) : index + 1]]
    child = _spawn(shlex.join(["new", *without_blocks, "--dry-run"]), tmp_path)
    child.expect_exact("Blocks that fit this task")
    child.expect_exact("Architecture: blocks in order, e.g. `conv1d dense`")
    child.sendline("conv:filters=8 dense")
    child.expect_exact("Architecture")
    refused = child.before
    assert "Error: block `conv` does not fit task `series_forecast`, which reads series" in refused
    assert "hint: choose from" in refused
    assert "Blocks that fit this task" not in refused  # the table is above, the refusal just above the prompt
    assert "seriess" not in refused
    child.sendline("recurrent dense")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "recurrent:cell=lstm,units=32,bidirectional=false dense:units=64,dropout=0.0,batch_norm=true" in child.before
