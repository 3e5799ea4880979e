"""What kgen says: refusals name the answer they conflict with, and `--help` says where a flag applies in few words."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from kgen import catalog, cli, parse, spec
from kgen.errors import InvalidAnswer
from kgen.questions import BY_KEY, INPUT_FAMILIES, When


def refused(given: dict) -> InvalidAnswer:
    with pytest.raises(InvalidAnswer) as caught:
        spec.resolve(given)
    return caught.value


def test_a_stem_of_another_input_names_the_task_it_does_not_fit(image_folders):
    error = refused(
        {"task": "image_binary", "data_path": str(image_folders(["cat", "dog"])), "preprocessing": "tokens"}
    )
    assert str(error) == "preprocessing `tokens` is for texts, but task `image_binary` reads images"
    assert error.hint == "choose one of `normalize`, `rescale`"


def test_a_choice_that_does_not_fit_names_the_answer_it_conflicts_with():
    message = parse._misfit_message("preprocessing", "columns", {"task": "image_multiclass"})
    assert message == "preprocessing `columns` is for table rows, but task `image_multiclass` reads images"
    assert parse._conflict("preprocessing", "tokens", {"task": "image_binary"}) == "task `image_binary`"


def test_a_data_source_of_another_input_says_what_the_task_reads(table_csv):
    error = refused({"task": "super_resolution", "data_source": "csv", "data_path": str(table_csv)})
    assert str(error) == "data source `csv` does not hold the images of any size task `super_resolution` reads"


def test_every_input_kind_has_its_words():
    assert set(parse.INPUT_PHRASES) == set(catalog.INPUT_KINDS) == set(INPUT_FAMILIES)
    assert not any(phrase.endswith("ss") for phrase in parse.INPUT_PHRASES.values())


@pytest.mark.parametrize(
    ("values", "words"),
    [
        (("image_binary", "image_multiclass"), "task is image_binary or image_multiclass"),
        (tuple(t for t in catalog.TASKS if t != "tabular_multi_output"), "task is not tabular_multi_output"),
        (tuple(t for t in catalog.TASKS if t not in ("segmentation", "denoising")), "task is neither segmentation nor"),
        (
            tuple(t for t, task in catalog.TASKS.items() if task.input in ("image", "pixels")),
            "task is an image or image-to-image task",
        ),
        (
            tuple(t for t, task in catalog.TASKS.items() if task.output in ("binary", "continuous")),
            "task has a binary or continuous output",
        ),
    ],
)
def test_a_condition_on_many_tasks_is_said_in_few_words(values, words):
    assert When("task", values).describe().startswith(words)


def test_help_says_where_each_flag_applies_without_listing_most_tasks():
    output = " ".join(CliRunner().invoke(cli.cli, ["new", "--help"]).output.split())
    assert "(only when task is not tabular_multi_output)" in output  # --loss and --metrics
    assert "task is an image or image-to-image task" in output  # --channels
    for condition in re.findall(r"\(only when ([^)]*)\)", output):
        assert sum(bool(re.search(rf"\b{name}\b", condition)) for name in catalog.TASKS) <= 3, condition


def test_preprocessing_offers_only_the_stems_of_the_tasks_that_ask_it():
    assert BY_KEY["preprocessing"].offered() == ["normalize", "rescale"]
    output = " ".join(CliRunner().invoke(cli.cli, ["new", "--help"]).output.split())
    assert "--preprocessing NAME How the model scales its raw inputs" in output
    assert "inputs): normalize, rescale (only when" in output
    assert BY_KEY["loss"].offered() == list(catalog.LOSSES)  # every loss fits some task that asks for one
