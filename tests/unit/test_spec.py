from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from kgen import spec
from kgen.errors import InvalidAnswer


def refused(given: dict) -> InvalidAnswer:
    with pytest.raises(InvalidAnswer) as caught:
        spec.resolve(given)
    return caught.value


@pytest.fixture
def table(table_csv: Path) -> dict:
    return {
        "task": "tabular_multiclass",
        "data_path": str(table_csv),
        "target_column": "label",
        "feature_columns": "a,b",
    }


@pytest.fixture
def images(image_folders) -> dict:
    return {"task": "image_multiclass", "data_path": str(image_folders(["cat", "dog", "owl"]))}


def test_table_answers_resolve_with_defaults_read_from_the_data(table):
    result = spec.resolve(table)
    assert result["num_classes"] == 3
    assert result["feature_columns"] == ["a", "b"]
    assert result["loss"] == "sparse_categorical_crossentropy"
    assert result["metrics"] == ["accuracy"]
    assert result["blocks"] == [
        {"block": "dense", "units": 64, "dropout": 0.1, "batch_norm": False},
        {"block": "dense", "units": 32, "dropout": 0.0, "batch_norm": False},
    ]
    assert result.facts.num_samples == 30


def test_tables_train_up_to_200_epochs_by_default_and_images_20(table, images):
    # A small table's epoch is a few steps: 20 epochs stopped its networks before they fit.
    assert spec.resolve(table)["epochs"] == 200
    assert spec.resolve(images)["epochs"] == 20
    assert spec.resolve({**table, "epochs": "7"})["epochs"] == 7


def test_image_folders_give_classes_and_image_size(images):
    result = spec.resolve(images)
    assert (result["num_classes"], result["image_height"], result["image_width"], result["channels"]) == (3, 8, 6, 3)
    assert [block["block"] for block in result["blocks"]] == ["conv", "conv", "dense"]


def test_npz_arrays_resolve_for_tables_and_images(write_npz):
    labels = [i % 2 for i in range(12)]
    tabular = spec.resolve(
        {"task": "tabular_binary", "data_source": "npz", "data_path": str(write_npz((12, 5), labels))}
    )
    assert tabular["num_features"] == 5
    path = write_npz((12, 4, 4, 1), labels, name="images.npz")
    image = spec.resolve({"task": "image_binary", "data_source": "npz", "data_path": str(path)})
    assert (image["image_height"], image["image_width"], image["channels"]) == (4, 4, 1)


def test_blocks_flags_and_answer_file_forms_mean_the_same(images):
    from_flags = spec.resolve({**images, "blocks": ["conv:filters=8,pool=false", "dense:units=16"]})
    from_file = spec.resolve(
        {**images, "blocks": [{"block": "conv", "filters": 8, "pool": False}, {"block": "dense", "units": 16}]}
    )
    assert from_flags["blocks"] == from_file["blocks"]
    assert from_flags["blocks"][0] == {"block": "conv", "filters": 8, "kernel_size": 3, "pool": False}


def test_the_command_line_gives_back_the_same_answers(table, tmp_path):
    result = spec.resolve({**table, "optimizer": "sgd", "nesterov": "yes", "metrics": "accuracy"})
    words = shlex.split(result.command_line(tmp_path / "demo"))
    assert words[:3] == ["kgen", "new", str(tmp_path / "demo")]
    assert ["--nesterov", "true"] == words[words.index("--nesterov") : words.index("--nesterov") + 2]
    assert words.count("--block") == 2


def test_copier_data_makes_the_data_path_relative_to_the_project(table, table_csv, tmp_path):
    data = spec.resolve(table).copier_data(tmp_path / "projects" / "demo")
    assert data["data_path"] == "../../" + table_csv.name


def test_invalid_project_name(table):
    error = refused({**table, "project_name": "Bad Name"})
    assert str(error) == "project_name `Bad Name` is not valid"
    assert "pattern" in error.hint


def test_unknown_choice_suggests_the_closest(table):
    error = refused({**table, "optimizer": "adamm"})
    assert str(error) == "unknown optimizer `adamm`"
    assert error.hint.startswith("did you mean `adam`?")


def test_typo_in_an_answer_key(table):
    error = refused({**table, "lerning_rate": 0.01})
    assert str(error) == "unknown answer `lerning_rate`"
    assert error.hint == "did you mean `learning_rate`?"


def test_binary_loss_with_a_multiclass_task(images):
    error = refused({**images, "loss": "binary_crossentropy"})
    assert str(error) == (
        "loss `binary_crossentropy` expects one sigmoid unit (two classes) or one sigmoid unit per label, "
        "but task `image_multiclass` ends in a softmax over three or more classes"
    )
    assert "`sparse_categorical_crossentropy`" in error.hint


def test_classification_loss_with_regression(table):
    error = refused({**table, "task": "tabular_regression", "loss": "sparse_categorical_crossentropy"})
    assert str(error) == (
        "loss `sparse_categorical_crossentropy` expects a softmax over the classes at every pixel "
        "or a softmax over three or more classes, "
        "but task `tabular_regression` ends in one linear unit (a real number)"
    )


def test_metric_that_cannot_read_the_labels(table):
    error = refused({**table, "task": "tabular_regression", "metrics": "mae,accuracy"})
    assert str(error) == "metric `accuracy` cannot read real-valued targets, which loss `mean_squared_error` trains on"


def test_data_path_that_does_not_exist(table, tmp_path):
    missing = tmp_path / "missing.csv"
    error = refused({**table, "data_path": str(missing)})
    assert str(error) == f"data path `{missing}` does not exist"
    assert "--data-path" in error.hint


def test_csv_without_the_target_column(table, table_csv):
    error = refused({**table, "target_column": "price"})
    assert str(error) == f"column `price` is not in `{table_csv}`"
    assert error.hint == "its columns are `a`, `b`, `city`, `label`"


def test_feature_column_that_is_not_numeric(table):
    error = refused({**table, "feature_columns": "a,city", "categorical_columns": "none"})
    assert str(error) == "feature column `city` holds text, so it cannot be read as numbers"


def test_class_count_that_does_not_match_the_data(table):
    error = refused({**table, "num_classes": 5})
    assert str(error) == "the data has 3 values in column `label`, but the task expects 5 classes"
    assert error.hint == "pass `--num-classes 3`"


def test_image_block_after_a_dense_block(images):
    error = refused({**images, "blocks": "conv dense conv"})
    assert str(error) == "block `conv` (number 3) reads feature maps, but after `dense` the model holds vectors"


def test_block_that_does_not_fit_the_task(table):
    error = refused({**table, "blocks": "conv dense"})
    assert str(error) == "block `conv` does not fit task `tabular_multiclass`, which reads table rows"


def test_unknown_block_parameter(images):
    error = refused({**images, "blocks": ["conv:filter=8"]})
    assert str(error) == "block `conv` has no parameter `filter`"
    assert error.hint == "its parameters are: filters, kernel_size, pool"


def test_npz_with_the_wrong_image_shape(write_npz):
    path = write_npz((12, 8, 8, 1), [i % 2 for i in range(12)])
    error = refused({"task": "image_binary", "data_source": "npz", "data_path": str(path), "image_height": 16})
    assert str(error) == f"`x` in `{path}` has shape (12, 8, 8, 1), not (samples, 16, 8, channels)"


def test_npz_with_a_table_that_is_not_two_dimensional(write_npz):
    path = write_npz((12, 3, 2), [i % 2 for i in range(12)])
    error = refused({"task": "tabular_binary", "data_source": "npz", "data_path": str(path), "num_features": 3})
    assert str(error) == f"`x` in `{path}` has shape (12, 3, 2), not (samples, 3)"


def test_answer_for_a_question_that_does_not_apply(table):
    error = refused({**table, "momentum": 0.5})
    assert str(error) == "`momentum` does not apply when optimizer is `adam`"


def test_number_out_of_range(table):
    assert str(refused({**table, "validation_split": 0.9})) == "validation_split `0.9` is too large"


@pytest.mark.parametrize(
    ("key", "raw"), [("learning_rate", "nan"), ("weight_decay", "inf"), ("validation_split", "NaN")]
)
def test_a_number_that_is_not_finite_is_refused(table, key, raw):
    answers = {**table, "optimizer": "adamw"} if key == "weight_decay" else table
    error = refused({**answers, key: raw})
    assert str(error) == f"{key} `{raw}` is not a number"


def test_invalid_asked_answers_are_reported_and_asked_again(table):
    replies = {"loss": iter(["nope", "categorical_crossentropy"]), "epochs": iter(["many", "3"])}
    reported: list[str] = []

    def ask(question, default, choices):
        return next(replies[question.key]) if question.key in replies else default

    result = spec.resolve(table, ask=ask, on_invalid=lambda error: reported.append(str(error)))
    assert (result["loss"], result["epochs"]) == ("categorical_crossentropy", 3)
    assert reported == ["unknown loss `nope`", "epochs `many` is not a whole number"]


def test_invalid_asked_answers_raise_without_on_invalid(table):
    with pytest.raises(InvalidAnswer, match="unknown loss `nope`"):
        spec.resolve(table, ask=lambda question, default, choices: "nope" if question.key == "loss" else default)


def test_an_asked_data_path_is_probed_before_it_is_taken(table, tmp_path):
    paths = iter([str(tmp_path / "missing.csv"), table["data_path"]])
    reported: list[str] = []

    def ask(question, default, choices):
        return next(paths) if question.key == "data_path" else default

    given = {key: value for key, value in table.items() if key != "data_path"}
    assert spec.resolve(given, ask=ask, on_invalid=lambda error: reported.append(str(error)))["num_classes"] == 3
    assert reported == [f"data path `{tmp_path / 'missing.csv'}` does not exist"]


def test_the_blocks_question_is_offered_the_blocks_of_the_task(table):
    offered = {}

    def ask(question, default, choices):
        offered[question.key] = choices
        return default

    spec.resolve(table, ask=ask)
    assert offered["blocks"] == ["dense"]
    assert offered["loss"] == [
        "sparse_categorical_crossentropy",
        "categorical_crossentropy",
        "categorical_focal_crossentropy",
    ]


def test_default_features_are_every_other_column_with_text_and_few_whole_numbers_as_categories(table):
    given = {key: value for key, value in table.items() if key != "feature_columns"}
    result = spec.resolve(given)
    assert result["feature_columns"] == ["a", "b", "city"]
    assert (result["categorical_columns"], result["columns_with_gaps"], result["delimiter"]) == (
        ["b", "city"],
        [],
        "comma",
    )


def test_a_semicolon_csv_with_a_byte_order_mark_resolves(tmp_path):
    path = tmp_path / "table.csv"
    rows = "".join(f"{i / 10};{i % 7};{['a', 'b', 'c'][i % 3]}\n" for i in range(30))
    path.write_text("\ufeffwidth;depth;label\n" + rows, encoding="utf-8")
    result = spec.resolve({"task": "tabular_multiclass", "data_path": str(path)})
    assert result["feature_columns"] == ["width", "depth"]
    assert (result["target_column"], result["num_classes"], result["delimiter"]) == ("label", 3, "semicolon")


def test_damaged_images_are_refused_with_the_data_path(images, tmp_path):
    (tmp_path / "images" / "cat" / "0.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    error = refused(images)
    assert str(error) == f"1 image file in `{tmp_path / 'images'}` does not decode: `cat/0.png`"


def test_splits_that_leave_too_little_to_train_on(table):
    error = refused({**table, "validation_split": 0.4, "test_split": 0.4})
    assert str(error) == "validation_split and test_split hold out 80% of the data, leaving too little to train on"
    assert error.hint == "keep their sum at most 0.7"


def test_two_channel_images_cannot_be_decoded(images):
    error = refused({**images, "channels": 2})
    assert str(error) == "image files cannot be decoded with 2 channels"


def test_a_model_needs_a_block(table):
    error = refused({**table, "blocks": []})
    assert str(error) == "no blocks given: the model needs at least one"


def test_a_package_may_not_start_with_an_underscore(table):
    assert "package `_pkg` is not valid" in str(refused({**table, "package": "_pkg"}))


@pytest.fixture
def labels_csv(write_csv) -> Path:
    rows = [[i * 0.5, f"kind {i % 3}", i % 2, int(i % 3 == 0), "yes" if i % 4 else "no"] for i in range(20)]
    return write_csv(["size", "kind", "red", "round", "verdict"], rows, name="labels.csv")


def test_multilabel_defaults_to_the_trailing_0_1_columns_and_reads_the_rest(write_csv):
    rows = [[i * 0.5, f"kind {i % 3}", i % 2, int(i % 3 == 0)] for i in range(20)]
    path = write_csv(["size", "kind", "red", "round"], rows, name="labels.csv")
    result = spec.resolve({"task": "tabular_multilabel", "data_path": str(path)})
    assert result["target_columns"] == ["red", "round"] and "target_column" not in result.answers
    assert result["feature_columns"] == ["size", "kind"] and result["categorical_columns"] == ["kind"]
    assert (result["loss"], result["metrics"]) == ("binary_crossentropy", ["accuracy", "auc"])
    assert "red" in " ".join(result.column_notes()) and "a label (0/1)" in " ".join(result.column_notes())


def test_a_label_column_that_is_not_0_or_1(labels_csv):
    answers = {"task": "tabular_multilabel", "data_path": str(labels_csv), "target_columns": "red,verdict"}
    error = refused({**answers, "feature_columns": "size"})
    assert str(error) == "label column `verdict` holds `no`, but a label column holds only 0 and 1"
    assert error.hint == "recode it as 0/1, or leave it out of `--target-columns`"


def test_a_multilabel_task_needs_two_labels(labels_csv):
    error = refused({"task": "tabular_multilabel", "data_path": str(labels_csv), "target_columns": "red"})
    assert str(error) == "a multi-label task needs two or more target columns"
    assert "tabular_binary" in error.hint


def test_multilabel_takes_target_columns_not_target_column(labels_csv):
    error = refused({"task": "tabular_multilabel", "data_path": str(labels_csv), "target_column": "red"})
    assert str(error) == "`target_column` does not apply when task is `tabular_multilabel`"


def test_multilabel_reads_labels_from_a_csv_only(write_npz):
    path = write_npz((12, 5), [i % 2 for i in range(12)])
    error = refused({"task": "tabular_multilabel", "data_source": "npz", "data_path": str(path)})
    assert str(error) == "data source `npz` holds one target per example, not the labels of task `tabular_multilabel`"


@pytest.fixture
def two_targets(write_csv) -> dict:
    rows = [[i * 0.5, f"kind {i % 3}", i * 2.0 + 1, ["a", "b", "c"][i % 3]] for i in range(30)]
    path = write_csv(["size", "kind", "price ($)", "species"], rows, name="two.csv")
    return {"task": "tabular_multi_output", "data_path": str(path)}


def test_multi_output_reads_class_targets_and_weights_from_the_data(two_targets):
    result = spec.resolve(two_targets)
    assert result["target_columns"] == ["price ($)", "species"] and result["class_targets"] == {"species": 3}
    assert result["loss_weights"] == {"price ($)": 1.0, "species": 1.0}
    assert "loss" not in result.answers and "metrics" not in result.answers
    assert "species: categorical, 3 values -> a target, 3 classes" in result.column_notes()
    again = spec.resolve({**two_targets, "loss_weights": "price ($)=0.5", "class_targets": {"species": 3}})
    assert again["loss_weights"] == {"price ($)": 0.5}
    assert "--loss-weights 'price ($)=0.5'" in again.command_line(Path("out"))


def test_loss_weights_for_a_head_that_does_not_exist(two_targets):
    error = refused({**two_targets, "loss_weights": "price ($)=1,colour=2"})
    assert str(error) == "`colour` in `--loss-weights` is not a target column, so it has no head"
    assert error.hint == "the target columns are `price ($)`, `species`"


def test_a_class_count_that_does_not_match_the_data(two_targets):
    error = refused({**two_targets, "class_targets": "species=4"})
    assert str(error) == "class target `species` has 3 values in the data, not 4"
    assert error.hint == "pass `--class-targets` with `species=3`"


def test_a_text_target_must_be_a_class_target(two_targets):
    error = refused({**two_targets, "class_targets": "none"})
    assert str(error) == "target column `species` holds text, so its head cannot predict a number"
    assert error.hint == "add `species=3` to `--class-targets`"


def test_a_weight_that_is_not_column_equals_number(two_targets):
    error = refused({**two_targets, "loss_weights": "species"})
    assert str(error) == "`species` in `--loss-weights` is not `column=number`"


def test_multi_output_takes_no_loss_answer(two_targets):
    error = refused({**two_targets, "loss": "mean_squared_error"})
    assert str(error) == "`loss` does not apply when task is `tabular_multi_output`"


def test_a_class_with_one_example_is_refused(write_csv):
    rows = [[i * 0.5, i * 0.1, ["a", "b", "c"][i % 3] if i < 29 else "d"] for i in range(30)]
    path = write_csv(["x", "y", "kind"], rows, name="classes.csv")
    error = refused({"task": "tabular_multiclass", "data_path": str(path)})
    assert str(error) == "in column `kind`, class `d` has only one example"
    assert error.hint.startswith("each class needs at least two, one to train on and one to test")


def test_an_image_class_folder_with_one_image_is_refused(image_folders):
    path = image_folders(["cat", "dog", "owl"])
    for extra in ("1.png", "2.png", "3.png"):
        (path / "owl" / extra).unlink()
    error = refused({"task": "image_multiclass", "data_path": str(path)})
    assert str(error) == "in the data, class `owl` has only one example"


def test_a_label_column_that_never_changes(labels_csv, write_csv):
    rows = [[i * 0.5, i % 2, 1] for i in range(20)]
    path = write_csv(["size", "red", "round"], rows, name="constant.csv")
    error = refused({"task": "tabular_multilabel", "data_path": str(path)})
    assert str(error) == "label column `round` is always 1, so there is nothing to learn"


def test_an_id_column_is_left_out_and_the_note_does_not_offer_it_back(write_csv):
    rows = [[f"customer {index}", index * 0.5, ["a", "b"][index % 2]] for index in range(30)]
    path = write_csv(["name", "size", "label"], rows, name="customers.csv")
    result = spec.resolve({"task": "tabular_binary", "data_path": str(path)})
    assert result["feature_columns"] == ["size"]
    assert "name: categorical, 30 values -> left out: it looks like an id, which a model would learn by heart" in (
        result.column_notes()
    )
    error = refused({"task": "tabular_binary", "data_path": str(path), "feature_columns": "name,size"})
    assert str(error) == "feature column `name` holds 30 different values in 30 rows, so it looks like an id"


def test_a_column_of_row_numbers_is_left_out_with_a_note_that_says_how_to_keep_it(write_csv):
    rows = [[index + 1, index * 0.5, ["a", "b"][index % 2]] for index in range(30)]
    path = write_csv(["row", "size", "label"], rows, name="numbered.csv")
    result = spec.resolve({"task": "tabular_binary", "data_path": str(path)})
    assert result["feature_columns"] == ["size"]
    assert (
        "row: numeric -> left out: its whole numbers count up by one, row after row, like an id"
        " (`--feature-columns` keeps it)"
    ) in result.column_notes()
    kept = spec.resolve({"task": "tabular_binary", "data_path": str(path), "feature_columns": "row,size"})
    assert kept["feature_columns"] == ["row", "size"]
    assert "row: numeric -> a numeric feature" in kept.column_notes()


def test_header_names_padded_with_spaces_can_be_named_without_them(write_csv):
    rows = [[index * 0.5, ["red", "blue"][index % 3 == 0], ["a", "b"][index % 2]] for index in range(30)]
    path = write_csv([" size ", "colour  ", " label"], rows, name="padded.csv")
    result = spec.resolve({"task": "tabular_binary", "data_path": str(path), "target_column": "label"})
    assert (result["feature_columns"], result["categorical_columns"]) == (["size", "colour"], ["colour"])
    error = refused({"task": "tabular_binary", "data_path": str(path), "target_column": "lab"})
    assert error.hint == "its columns are `size`, `colour`, `label`"


def test_every_loss_that_does_not_fit_the_task_is_refused_with_a_sentence(images):
    from kgen import catalog

    for loss in set(catalog.LOSSES) - set(catalog.losses_for("image_multiclass")):
        error = refused({**images, "loss": loss})
        assert str(error).startswith(f"loss `{loss}` expects "), loss
        assert "ends in a softmax over three or more classes" in str(error)


@pytest.mark.parametrize("classes", [["cat", "dog", "owl"], ["cat"]])
def test_a_binary_task_on_other_than_two_class_folders_is_refused(image_folders, classes):
    path = image_folders(classes)
    for name in classes[1:]:  # those classes' images all sit in a sub-folder
        (path / name / "2025").mkdir()
        for image in sorted((path / name).glob("*.png")):
            image.rename(path / name / "2025" / image.name)
    error = refused({"task": "image_binary", "data_path": str(path)})
    assert str(error) == f"the data has {len(classes)} class folders, but the task expects 2 classes"
    assert error.hint == (
        "use task `image_multiclass` for more classes" if len(classes) > 2 else "binary tasks need two classes"
    )


def test_a_class_whose_images_all_sit_in_a_sub_folder_is_a_class(image_folders):
    path = image_folders(["cat", "dog", "owl", "eel"])
    (path / "eel" / "night").mkdir()
    for image in sorted((path / "eel").glob("*.png")):
        image.rename(path / "eel" / "night" / image.name)
    assert spec.resolve({"task": "image_multiclass", "data_path": str(path)})["num_classes"] == 4


def test_a_default_the_data_cannot_give_is_refused_as_missing_from_the_data(write_csv):
    path = write_csv(["n", "label"], [(i, i % 2) for i in range(30)])  # `n` counts rows, so no column is a feature
    error = refused({"task": "tabular_binary", "data_path": str(path)})
    assert str(error) == f"kgen found no `feature_columns` in `{path}`"
    assert error.hint == "pass `--feature-columns`: CSV columns the model reads (comma-separated)"


def test_a_number_read_from_the_data_that_is_out_of_range_says_it_was_read(image_folders):
    path = image_folders(["cat"])
    error = refused({"task": "image_multiclass", "data_path": str(path)})
    assert str(error) == f"num_classes `1` is too small: kgen read `1` from `{path}`"
    assert error.hint == "use at least 3, in the data or by `--num-classes`"


@pytest.mark.parametrize(
    ("key", "raw", "flag"),
    [
        ("target_columns", "species,species", "--target-columns"),
        ("feature_columns", "size,size", "--feature-columns"),
        ("class_targets", "species=3,species=3", "--class-targets"),
        ("loss_weights", "species=1,species=2", "--loss-weights"),
    ],
)
def test_a_column_listed_twice_is_refused(two_targets, key, raw, flag):
    column = raw.partition(",")[0].partition("=")[0]
    error = refused({**two_targets, key: raw})
    assert str(error) == f"`{flag}` names column `{column}` twice"
    assert error.hint == "name each column once"


@pytest.mark.parametrize(("column", "cell"), [("size", "inf"), ("size", "-Infinity"), ("price", "1e400")])
def test_a_number_too_large_for_a_float_is_refused_with_its_column_and_row(write_csv, column, cell):
    rows = [[i * 0.5, i * 2.0 + 1] for i in range(30)]
    rows[4][["size", "price"].index(column)] = cell
    path = write_csv(["size", "price"], rows)
    error = refused({"task": "tabular_regression", "data_path": str(path)})
    assert str(error) == f"column `{column}` holds `{cell}` in row 5, which is no finite number a model can learn from"
    assert error.hint.startswith("write a number there, or leave the cell empty")


def test_a_block_parameter_given_twice_is_refused(table):
    error = refused({**table, "blocks": ["dense:units=8,units=9"]})
    assert str(error) == "block `dense` sets `units` twice"
    assert error.hint == "give `units` once"


def test_a_weight_that_is_not_a_number_gets_a_hint_without_none(two_targets):
    error = refused({**two_targets, "loss_weights": "species=heavy"})
    assert str(error) == "loss_weights `heavy` is not a number"
    assert error.hint == "give a number"
