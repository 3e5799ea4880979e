from __future__ import annotations

from pathlib import Path

import pytest

from kgen import rules, sources
from kgen.errors import InvalidAnswer
from kgen.readers.table import DISTINCT_CAP

HEADER = ["size", "age", "color", "name", "label"]


def rows(count: int = 30) -> list[list[object]]:
    """`size` numbers, `age` whole numbers with 5 empty cells, `color` text, `name` unique text."""
    return [
        [i / 10, "" if i % 7 == 0 else 20 + i, ["red", "blue"][i % 2], f"user{i}", ["a", "b", "c"][i % 3]]
        for i in range(count)
    ]


@pytest.fixture
def table(write_csv) -> Path:
    return write_csv(HEADER, rows())


def check(
    path: Path,
    target: str = "label",
    features: str = "size",
    task: str = "tabular_multiclass",
    categorical: str = "",
    gaps: str = "",
    delimiter: str = "comma",
) -> None:
    answers = {
        "task": task,
        "data_source": "csv",
        "data_path": str(path),
        "target_column": target,
        "feature_columns": features.split(","),
        "delimiter": delimiter,
        "categorical_columns": [c for c in categorical.split(",") if c],
        "columns_with_gaps": [c for c in gaps.split(",") if c],
        "max_categories": 10,
        "num_classes": 3,
        "validation_split": 0.2,
        "test_split": 0.1,
    }
    rules.check_data(answers, sources.inspect("csv", path))


def refused(path: Path, **answers: str) -> InvalidAnswer:
    with pytest.raises(InvalidAnswer) as caught:
        check(path, **answers)
    return caught.value


def test_numeric_features_pass(table):
    check(table, features="size")


def test_a_target_column_with_empty_cells_is_refused(table):
    error = refused(table, target="age", features="size", task="tabular_regression")
    assert str(error) == "target column `age` has 5 empty cells"
    assert error.hint == "fill them in, or drop those rows from the file"


def test_one_empty_target_cell_is_singular(write_csv):
    path = write_csv(HEADER, [*rows(), [1.0, 3, "red", "x", " "]])
    assert str(refused(path)) == "target column `label` has 1 empty cell"


def test_a_text_feature_that_looks_like_an_id_is_refused(table):
    error = refused(table, features="size,name")
    assert str(error) == "feature column `name` holds 30 different values in 30 rows, so it looks like an id"
    assert error.hint == "leave it out of `--feature-columns`"


def test_a_text_feature_with_more_values_than_are_counted_is_refused(write_csv):
    many = [[i, f"user{i}", i % 2] for i in range(3 * DISTINCT_CAP)]
    path = write_csv(["size", "name", "label"], many, name="many.csv")
    error = refused(path, features="size,name", task="tabular_binary")
    assert str(error) == (
        f"feature column `name` holds more than {DISTINCT_CAP} different values in "
        f"{3 * DISTINCT_CAP} rows, so it looks like an id"
    )


def test_a_text_feature_must_be_categorical(table):
    error = refused(table, features="size,color")
    assert str(error) == "feature column `color` holds text, so it cannot be read as numbers"
    assert error.hint == "add it to `--categorical-columns`, or leave it out of `--feature-columns`"


def test_empty_numeric_cells_must_be_declared_as_gaps(table):
    error = refused(table, features="size,age")
    assert str(error) == "feature column `age` has 5 empty cells"
    assert error.hint == "add it to `--columns-with-gaps`, which fills them from the training mean"


def test_categorical_and_incomplete_features_pass_when_declared(table):
    check(table, features="size,age,color", categorical="color", gaps="age")


def test_declared_columns_must_be_features(table):
    error = refused(table, features="size", categorical="color")
    assert str(error) == "`color` in `--categorical-columns` is not a feature column"


def test_a_categorical_column_is_not_also_a_column_with_gaps(table):
    error = refused(table, features="size,color", categorical="color", gaps="color")
    assert str(error) == "categorical column `color` is also in `--columns-with-gaps`"


def test_the_delimiter_must_be_the_files(table):
    error = refused(table, delimiter="semicolon")
    assert str(error).endswith("looks separated by commas, not semicolons")
    assert error.hint == "pass `--delimiter comma`"


def test_ids_are_refused_even_as_categorical_features(table):
    error = refused(table, features="color,name", categorical="color,name")
    assert str(error).startswith("feature column `name` holds 30 different values")


def test_whole_numbers_with_many_values_are_numeric_not_ids(write_csv):
    path = write_csv(["id", "label"], [[i, i % 3] for i in range(30)], name="ids.csv")
    check(path, features="id")


def test_a_regression_target_with_text_is_refused(table):
    error = refused(table, target="color", task="tabular_regression")
    assert str(error) == "target column `color` is not numeric, so it cannot be regressed"


def test_a_categorical_column_may_not_take_more_values_than_max_categories(write_csv):
    path = write_csv(["size", "shade", "label"], [[i, f"shade {i % 6}", i % 3] for i in range(30)], name="shades.csv")
    answers = {
        "task": "tabular_multiclass",
        "data_source": "csv",
        "data_path": str(path),
        "target_column": "label",
        "feature_columns": ["size", "shade"],
        "delimiter": "comma",
        "categorical_columns": ["shade"],
        "columns_with_gaps": [],
        "max_categories": 4,
        "num_classes": 3,
        "validation_split": 0.2,
        "test_split": 0.1,
    }
    with pytest.raises(InvalidAnswer) as caught:
        rules.check_data(answers, sources.inspect("csv", path))
    assert str(caught.value) == "categorical column `shade` takes 6 values, more than max_categories (4)"
    assert caught.value.hint == "pass `--max-categories 6`"
