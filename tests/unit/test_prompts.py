from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kgen import prompts
from kgen.errors import InvalidAnswer
from kgen.questions import BY_KEY


def ask(key: str, default: object, choices: list[str], typed: str) -> tuple[object, str]:
    """Answer one prompt with `typed`; return the answer and what the terminal showed."""
    with CliRunner().isolation(input=typed + "\n") as (_, stderr, _):
        answer = prompts.ask(BY_KEY[key], default, choices)
        return answer, stderr.getvalue().decode()


def test_a_choice_is_taken_by_number_or_name():
    choices = ["adam", "sgd"]
    answer, shown = ask("optimizer", "adam", choices, "2")
    assert answer == "sgd"
    assert " 1. adam  Adam: adaptive moments; a safe first choice" in shown
    assert ask("optimizer", "adam", choices, "sgd")[0] == "sgd"
    assert ask("optimizer", "adam", choices, "")[0] == "adam"


def test_an_unknown_choice_is_passed_on_for_spec_to_judge():
    assert ask("optimizer", "adam", ["adam", "sgd"], "9")[0] == "9"


def test_several_choices_by_numbers_or_names_or_none():
    choices = ["accuracy", "auc", "precision"]
    assert ask("metrics", ["accuracy"], choices, "1, 3")[0] == "accuracy,precision"
    assert ask("metrics", ["accuracy"], choices, "auc 1")[0] == "auc,accuracy"
    assert ask("metrics", ["accuracy", "auc"], choices, "")[0] == "accuracy,auc"
    assert ask("metrics", ["accuracy"], choices, "none")[0] == ""


def test_blocks_show_their_parameters_and_the_default_in_flag_syntax():
    default = [{"block": "conv", "filters": 32, "kernel_size": 3, "pool": True}, {"block": "dense", "units": 8}]
    answer, shown = ask("blocks", default, ["dense", "conv"], "")
    assert answer == "conv:filters=32,kernel_size=3,pool=true dense:units=8"
    assert "filters=32" in shown and "pool=true" in shown and "units=64" in shown


def test_yes_no_questions_return_a_bool():
    assert ask("nesterov", False, [], "y")[0] is True
    assert ask("nesterov", True, [], "")[0] is True


def test_plain_questions_show_the_default_as_it_is_typed():
    answer, shown = ask("feature_columns", ["a", "b"], [], "")
    assert answer == "a,b"
    assert "[a,b]" in shown


def test_without_a_terminal_the_question_is_named():
    with pytest.raises(InvalidAnswer) as caught:
        prompts.no_terminal(BY_KEY["blocks"], [], [])
    assert str(caught.value) == "question `blocks` needs an answer and there is no terminal to ask"
    assert caught.value.hint == "pass `--block`, or `--defaults` to take the default answers"


def test_answers_file_drops_private_keys_and_reads_paths_from_its_folder(tmp_path: Path):
    path = tmp_path / "project" / ".copier-answers.yml"
    path.parent.mkdir()
    path.write_text("_src_path: /x\n_commit: v1\ndata_path: ../data.csv\nepochs: 3\nblocks:\n- block: dense\n")
    answers = prompts.read_answers(path)
    assert answers == {"data_path": str(tmp_path / "data.csv"), "epochs": 3, "blocks": [{"block": "dense"}]}


def test_answers_file_must_hold_a_yaml_mapping(tmp_path: Path):
    path = tmp_path / "answers.yml"
    path.write_text("- task\n")
    with pytest.raises(InvalidAnswer, match=r"answers file `.*` does not hold a mapping"):
        prompts.read_answers(path)
    path.write_text("task: [unclosed\n")
    with pytest.raises(InvalidAnswer, match=r"cannot read answers file `.*`"):
        prompts.read_answers(path)
