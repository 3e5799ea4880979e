from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kgen import cli, sources, spec
from kgen.errors import InvalidAnswer
from kgen.sources import text_folders


def write_texts(root: Path, classes: dict[str, list[str]]) -> Path:
    for name, texts in classes.items():
        folder = root / "texts" / name
        folder.mkdir(parents=True)
        for index, text in enumerate(texts):
            (folder / f"{index}.txt").write_text(text, encoding="utf-8")
    return root / "texts"


def refused(given: dict) -> InvalidAnswer:
    with pytest.raises(InvalidAnswer) as caught:
        spec.resolve(given)
    return caught.value


@pytest.fixture
def texts(tmp_path) -> Path:
    words = "one two three four five six seven eight nine ten".split()
    return write_texts(
        tmp_path,
        {
            "good": [" ".join(words[: 2 + index % 9]) + " good" for index in range(12)],
            "bad": [" ".join(words[: 3 + index % 5]) + " Grüße aus 東京" for index in range(10)],
        },
    )


def test_text_folders_give_classes_counts_lengths_and_words(texts):
    facts = sources.inspect("text_folders", texts)
    assert facts.classes == ["bad", "good"] and facts.class_counts == {"bad": 10, "good": 12}
    assert facts.num_samples == 22 and len(facts.lengths) == 22
    assert facts.words == 14  # ten numbers, good, grüße, aus, 東京
    lines = text_folders.summary(facts, {"sequence_length": None})
    assert lines[:2] == ["class bad: 10 texts", "class good: 12 texts"]
    assert lines[2].startswith("words per text: median ") and "14 distinct words" in lines[2]


def test_defaults_read_from_the_texts(texts):
    result = spec.resolve({"task": "text_binary", "data_path": str(texts)})
    assert result["data_source"] == "text_folders" and result["max_tokens"] == 16
    assert result["sequence_length"] == 16  # the 95th percentile, 11 words, rounded up to a multiple of 8
    assert [block["block"] for block in result["blocks"]] == ["embedding", "conv1d", "dense"]


def test_the_summary_says_what_was_read_of_the_texts(texts, tmp_path):
    result = spec.resolve({"task": "text_binary", "data_path": str(texts), "sequence_length": 8})
    assert result.column_notes() == [
        "class bad: 10 texts",
        "class good: 12 texts",
        "words per text: median 7, 95th percentile 10, longest 11; 14 distinct words",
        "7 of 22 texts have more than 8 words: the model reads the first 8 tokens of each "
        "(`--sequence-length` changes it)",
    ]
    args = ["new", tmp_path / "project", "--task", "text_binary", "--data-path", texts, "--defaults", "--dry-run"]
    printed = CliRunner().invoke(cli.cli, [str(arg) for arg in args], catch_exceptions=False).stderr
    assert f"What kgen read in `{texts}`:\n  class bad: 10 texts\n  class good: 12 texts\n  words per text" in printed


def test_an_empty_text_file_is_refused_by_name(texts):
    (texts / "good" / "3.txt").write_text("  \n", encoding="utf-8")
    error = refused({"task": "text_binary", "data_path": str(texts)})
    assert str(error) == f"1 text file is empty in `{texts}`: `good/3.txt`"
    assert error.hint == "write their text, or remove them"


def test_text_files_that_are_not_utf8_are_refused_by_name(texts):
    (texts / "good" / "3.txt").write_bytes("caf\u00e9 au lait".encode("cp1252"))
    error = refused({"task": "text_binary", "data_path": str(texts)})
    assert str(error) == f"1 text file is not UTF-8 text in `{texts}`: `good/3.txt` (byte 3)"
    assert error.hint.startswith("save them as UTF-8")


def test_txt_files_are_read_whatever_the_case_of_their_suffix(texts):
    (texts / "good" / "0.txt").rename(texts / "good" / "0.TXT")
    (texts / "good" / "notes.md").write_text("not a text of the class", encoding="utf-8")
    facts = sources.inspect("text_folders", texts)
    assert facts.class_counts == {"bad": 10, "good": 12}


def test_a_class_folder_without_texts_is_refused(texts):
    (texts / "empty").mkdir()
    error = refused({"task": "text_binary", "data_path": str(texts)})
    assert str(error) == f"class folder `empty` in `{texts}` holds no `.txt` files"


def test_a_text_csv_finds_its_text_column_and_its_target(write_csv):
    rows = [[f"word{i % 3} and some more words, said {i}", ["a", "b", "c"][i % 3], i] for i in range(30)]
    path = write_csv(["review", "label", "id"], rows, name="texts.csv")
    error = refused({"task": "text_multiclass", "data_source": "text_csv", "data_path": str(path)})
    assert str(error).startswith("in column `id`, classes `0`, `1`, `10`, `11`, `12` and 25 more have only one")
    fixed = spec.resolve(
        {"task": "text_multiclass", "data_source": "text_csv", "data_path": str(path), "target_column": "label"}
    )
    assert (fixed["text_column"], fixed["num_classes"], fixed["sequence_length"]) == ("review", 3, 8)


def test_empty_texts_in_a_csv_are_refused(write_csv):
    rows = [["" if i == 4 else f"text number {i}", ["a", "b"][i % 2]] for i in range(20)]
    path = write_csv(["text", "label"], rows, name="texts.csv")
    error = refused({"task": "text_binary", "data_source": "text_csv", "data_path": str(path)})
    assert str(error) == "text column `text` has 1 empty cell"


def test_a_text_csv_with_only_a_header_is_refused_with_exit_2(write_csv, tmp_path):
    path = write_csv(["text", "label"], [], name="texts.csv")
    destination = tmp_path / "project"
    args = ["new", destination, "--task", "text_binary", "--data-source", "text_csv", "--data-path", path, "--defaults"]
    result = CliRunner().invoke(cli.cli, [str(arg) for arg in args], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"Error: `{path}` has a header but no rows"
    assert "hint: add one row per example under the header" in result.stderr
    assert not destination.exists()


def test_text_blocks_start_with_an_embedding(texts):
    error = refused({"task": "text_binary", "data_path": str(texts), "blocks": "conv1d dense"})
    assert str(error) == "block `conv1d` (number 1) reads sequences, but at the start the model holds token ids"
    assert error.hint == "start with `embedding`: it reads the token ids the model holds there"


def test_a_recurrent_block_after_pooling_is_refused(texts):
    error = refused({"task": "text_binary", "data_path": str(texts), "blocks": "embedding dense recurrent"})
    assert str(error) == "block `recurrent` (number 3) reads sequences, but after `dense` the model holds vectors"


def test_an_image_block_on_text_is_refused(texts):
    error = refused({"task": "text_binary", "data_path": str(texts), "blocks": "embedding conv dense"})
    assert str(error) == "block `conv` does not fit task `text_binary`, which reads texts"
