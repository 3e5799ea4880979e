"""Rules between the answers and the data they name: columns, classes, array shapes."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from kgen import catalog, probe, probe_pixels, probe_series
from kgen.errors import InvalidAnswer
from kgen.questions import BY_KEY

MOST_HELD_OUT = 0.7
"""The largest share of the data validation and test may take together."""
ID_SHARE = 0.5
"""A categorical feature column looks like an id with more distinct values than this share of the rows.

So does one with more than `probe.DISTINCT_CAP`, past which values are not counted.
"""


def check_data(answers: Mapping[str, Any], facts: probe.Facts) -> None:
    """Refuse answers the data cannot satisfy."""
    source, task = answers["data_source"], catalog.TASKS[answers["task"]]
    if source == "csv":
        _check_csv(answers, facts, task)
    if source in ("image_folders", "text_folders"):
        _check_class_count(task, len(facts.classes), answers, "class folders")
        check_class_sizes(facts.class_counts, "in the data,")
    if source == "text_csv":
        _check_text_csv(answers, facts, task)
    if source == "npz":
        _check_npz(answers, facts, task)
    if source == "series_csv":
        _check_series(answers, facts)
    if source in probe_pixels.SOURCES:
        _check_pixels(answers, facts)
    held_out = answers["validation_split"] + answers["test_split"]
    if held_out > MOST_HELD_OUT:
        raise InvalidAnswer(
            f"validation_split and test_split hold out {held_out:.0%} of the data, leaving too little to train on",
            hint=f"keep their sum at most {MOST_HELD_OUT}",
        )
    if source in ("image_folders", *probe_pixels.SOURCES) and answers["channels"] == 2:
        raise InvalidAnswer(
            "image files cannot be decoded with 2 channels",
            hint="pass `--channels 1` (grayscale), `3` (RGB) or `4` (RGBA)",
        )
    if facts.num_samples and facts.num_samples < 10:
        raise InvalidAnswer(
            f"the data has only {facts.num_samples} samples",
            hint="training, validation and test splits need at least 10",
        )


def _check_csv(answers: Mapping[str, Any], facts: probe.Facts, task: catalog.Task) -> None:
    path, features = answers["data_path"], answers["feature_columns"]
    targets = answers.get("target_columns") or [answers["target_column"]]
    listed = ", ".join(f"`{c}`" for c in facts.columns)
    for column in [*targets, *features]:
        if column not in facts.columns:
            raise InvalidAnswer(f"column `{column}` is not in `{path}`", hint=f"its columns are {listed}")
    for target in targets:
        _check_target(target, features, facts)
    for column in features:
        _check_feature(column, facts)
    _check_column_kinds(answers, facts)
    for column in [*targets, *features]:
        if column in facts.infinite_cells and column in facts.numeric_columns:
            row, value = facts.infinite_cells[column]
            raise InvalidAnswer(
                f"column `{column}` holds `{value}` in row {row}, which is no finite number a model can learn from",
                hint="write a number there, or leave the cell empty"
                + (" (a feature's empty cells are filled)" if column in features else ""),
            )
    if task.output == "multilabel":
        _check_labels(targets, facts)
        return
    if task.output == "multi_output":
        _check_heads(answers, targets, facts)
        return
    target = targets[0]
    if task.output == "continuous" and target not in facts.numeric_columns:
        raise InvalidAnswer(
            f"target column `{target}` is not numeric, so it cannot be regressed", hint="choose a classification task"
        )
    if task.output != "continuous":
        _check_class_count(task, len(facts.distinct[target]), answers, f"values in column `{target}`")
        check_class_sizes(facts.value_counts[target], f"in column `{target}`,")


def _check_text_csv(answers: Mapping[str, Any], facts: probe.Facts, task: catalog.Task) -> None:
    text, path = answers["text_column"], answers["data_path"]
    targets = answers.get("target_columns") or [answers["target_column"]]
    listed = ", ".join(f"`{c}`" for c in facts.columns)
    for column in (text, *targets):
        if column not in facts.columns:
            raise InvalidAnswer(f"column `{column}` is not in `{path}`", hint=f"its columns are {listed}")
    if text in targets:
        raise InvalidAnswer(f"`{text}` is both the text and a target column", hint="name different columns")
    for target in targets:
        _check_target(target, [], facts)
    empty = facts.column_report[text].empty
    if empty:
        raise InvalidAnswer(
            f"text column `{text}` has {_cells(empty)}", hint="write their text, or drop those rows from the file"
        )
    if task.output == "multilabel":
        _check_labels(targets, facts)
    else:
        _check_class_count(task, len(facts.distinct[targets[0]]), answers, f"values in column `{targets[0]}`")
        check_class_sizes(facts.value_counts[targets[0]], f"in column `{targets[0]}`,")


def _check_target(target: str, features: list[str], facts: probe.Facts) -> None:
    if target in features:
        raise InvalidAnswer(f"target column `{target}` is also a feature column", hint="leave it out of the features")
    empty = facts.column_report[target].empty
    if empty:
        raise InvalidAnswer(
            f"target column `{target}` has {_cells(empty)}", hint="fill them in, or drop those rows from the file"
        )


def _check_heads(answers: Mapping[str, Any], targets: list[str], facts: probe.Facts) -> None:
    """A multi-output task reads two or more targets: classes with their counts, numbers, and weights for them."""
    if len(targets) < 2:
        raise InvalidAnswer(
            "a multi-output task needs two or more target columns",
            hint="list them in `--target-columns`, or choose a task with one target",
        )
    listed = ", ".join(f"`{column}`" for column in targets)
    for key in ("class_targets", "loss_weights"):
        for column in answers[key]:
            if column not in targets:
                raise InvalidAnswer(
                    f"`{column}` in `--{key.replace('_', '-')}` is not a target column, so it has no head",
                    hint=f"the target columns are {listed}",
                )
    for column in targets:
        found = len(facts.distinct[column])
        if column in answers["class_targets"]:
            given = answers["class_targets"][column]
            if found != given:
                raise InvalidAnswer(
                    f"class target `{column}` has {found} values in the data, not {given}",
                    hint=f"pass `--class-targets` with `{column}={found}`",
                )
        elif column not in facts.numeric_columns:
            raise InvalidAnswer(
                f"target column `{column}` holds text, so its head cannot predict a number",
                hint=f"add `{column}={found}` to `--class-targets`",
            )
        elif found < 2:
            raise InvalidAnswer(f"target column `{column}` holds one value only", hint="leave it out of the targets")


def _check_labels(targets: list[str], facts: probe.Facts) -> None:
    """A multi-label task reads two or more columns, each of 0s and 1s."""
    if len(targets) < 2:
        raise InvalidAnswer(
            "a multi-label task needs two or more target columns",
            hint="list them in `--target-columns`, or use task `tabular_binary` for one 0/1 column",
        )
    for target in targets:
        if len(facts.distinct[target]) == 1:
            raise InvalidAnswer(
                f"label column `{target}` is always {next(iter(facts.distinct[target]))}, so there is nothing to learn",
                hint="leave it out of `--target-columns`",
            )
        if not probe.holds_flags(facts, target):
            other = sorted(value for value in facts.distinct[target] if not probe.is_flag(value))
            raise InvalidAnswer(
                f"label column `{target}` holds `{other[0]}`, but a label column holds only 0 and 1",
                hint="recode it as 0/1, or leave it out of `--target-columns`",
            )


def _check_feature(column: str, facts: probe.Facts) -> None:
    report, rows = facts.column_report[column], facts.num_samples
    if looks_like_an_id(column, facts):
        many = f"more than {probe.DISTINCT_CAP}" if report.distinct > probe.DISTINCT_CAP else str(report.distinct)
        raise InvalidAnswer(
            f"feature column `{column}` holds {many} different values in {rows} rows, so it looks like an id",
            hint="leave it out of `--feature-columns`",
        )


def looks_like_an_id(column: str, facts: probe.Facts) -> bool:
    """Whether a CSV column is categorical with more distinct values than an id would leave room for."""
    report = facts.column_report[column]
    return report.kind == "categorical" and report.distinct > min(ID_SHARE * facts.num_samples, probe.DISTINCT_CAP)


def counts_rows(column: str, facts: probe.Facts) -> bool:
    """Whether a numeric CSV column holds whole numbers counting up by one, row after row, as ids do."""
    report = facts.column_report[column]
    return report.kind == "numeric" and report.counts_up


def _check_column_kinds(answers: Mapping[str, Any], facts: probe.Facts) -> None:
    """Categorical columns and columns with gaps are features; text needs the first, empty cells the second."""
    features, categorical = answers["feature_columns"], answers["categorical_columns"]
    gaps = answers["columns_with_gaps"]
    for key, columns in (("categorical_columns", categorical), ("columns_with_gaps", gaps)):
        for column in columns:
            if column not in features:
                raise InvalidAnswer(
                    f"`{column}` in `--{key.replace('_', '-')}` is not a feature column",
                    hint="add it to `--feature-columns`, or leave it out",
                )
    for column in features:
        report = facts.column_report[column]
        if column in categorical:
            if column in gaps:
                raise InvalidAnswer(
                    f"categorical column `{column}` is also in `--columns-with-gaps`",
                    hint="leave it out there: an empty cell is a category of its own",
                )
            continue
        if column not in facts.numeric_columns:
            raise InvalidAnswer(
                f"feature column `{column}` holds text, so it cannot be read as numbers",
                hint="add it to `--categorical-columns`, or leave it out of `--feature-columns`",
            )
        if report.empty and column not in gaps:
            raise InvalidAnswer(
                f"feature column `{column}` has {_cells(report.empty)}",
                hint="add it to `--columns-with-gaps`, which fills them from the training mean",
            )
    for column in categorical:
        count, most = facts.column_report[column].distinct, answers["max_categories"]
        if count > most:
            raise InvalidAnswer(
                f"categorical column `{column}` takes {count} values, more than max_categories ({most})",
                hint=f"pass `--max-categories {count}`",
            )
    _check_delimiter(answers, facts)


def _check_delimiter(answers: Mapping[str, Any], facts: probe.Facts) -> None:
    path = answers["data_path"]
    expected = catalog.DELIMITERS[answers["delimiter"]]
    if facts.delimiter != expected:
        found = {char: name for name, char in catalog.DELIMITERS.items()}[facts.delimiter]
        raise InvalidAnswer(
            f"`{path}` looks separated by {found}s, not {answers['delimiter']}s", hint=f"pass `--delimiter {found}`"
        )


def _check_series(answers: Mapping[str, Any], facts: probe.Facts) -> None:
    """A series has numbers in its value columns, times that read, and rows for every split."""
    path, time, target, values = (
        answers[key] for key in ("data_path", "time_column", "target_column", "value_columns")
    )
    listed = ", ".join(f"`{c}`" for c in facts.columns)
    for column in [*([time] if time else []), target, *values]:
        if column not in facts.columns:
            raise InvalidAnswer(f"column `{column}` is not in `{path}`", hint=f"its columns are {listed}")
    if target not in values:
        raise InvalidAnswer(
            f"target column `{target}` is not among the value columns, so no window holds its past",
            hint=f"add `{target}` to `--value-columns`",
        )
    if time in values:
        raise InvalidAnswer(f"`{time}` is both the time and a value column", hint="leave it out of `--value-columns`")
    for column in sorted(values, key=lambda column: column != target):  # the target's gap first
        if column in facts.not_numbers:
            _refuse_gap(column, answers, facts)
    _check_target_varies(target, values, facts)
    if time:
        _check_times(time, facts.times[time])
    _check_series_length(answers, facts.num_samples)
    period, window = answers["period"], answers["window"]
    if period > window:
        raise InvalidAnswer(
            f"period {period} is longer than the window of {window} rows, so no window holds the season before",
            hint=f"pass `--window {period}` or more, or `--period 0`",
        )
    _check_delimiter(answers, facts)


def _refuse_gap(column: str, answers: Mapping[str, Any], facts: probe.Facts) -> None:
    """A window needs a number at every step: name the column, the first bad row, and how to go on without it."""
    row, value = facts.not_numbers[column]
    cell = f"holds `{value}`" if value else "has an empty cell"
    more = facts.gap_counts.get(column, 1) - 1
    others = f" ({more} more row{'s' if more > 1 else ''} like it)" if more else ""
    rest = [c for c in answers["value_columns"] if c != column and c not in facts.not_numbers]
    if column == answers["target_column"] and rest:
        way = f"or forecast another column: `--target-column {rest[-1]} --value-columns {','.join(rest)}`"
    elif rest:
        way = f"or leave the column out: `--value-columns {','.join(rest)}`"
    else:
        way = "or choose other value columns"
    raise InvalidAnswer(
        f"value column `{column}` {cell} in row {row}{others}, and every step of a window needs a number",
        hint=f"fill in or remove that row, {way}",
    )


def _check_target_varies(target: str, values: list[str], facts: probe.Facts) -> None:
    """A target that never changes leaves nothing to forecast (and no scale to standardize it by)."""
    found = {float(value) for value in facts.distinct.get(target, ())}
    if len(found) != 1:
        return
    varying = [c for c in values if c != target and len({float(v) for v in facts.distinct.get(c, ())}) > 1]
    raise InvalidAnswer(
        f"target column `{target}` is {found.pop():g} in every row, so there is nothing to forecast",
        hint=f"choose another target: `--target-column {varying[-1]}`"
        if varying
        else "choose a column whose values change",
    )


def _check_times(column: str, times: probe_series.TimeFacts) -> None:
    if times.unreadable is not None:
        row, value = times.unreadable
        raise InvalidAnswer(
            f"time column `{column}` holds `{value}` in row {row}, which is neither a number nor an ISO date",
            hint="write times like `2024-03-01` or `2024-03-01 13:00`, or pass `--time-column ''` for rows in order",
        )
    if times.repeated:
        raise InvalidAnswer(
            f"time column `{column}` holds `{times.repeated}` twice, so the rows have no one order",
            hint="keep one row per time (average or drop the repeats)",
        )


MIN_TRAIN_WINDOWS = 10
"""The fewest training windows a series must leave after validation and test."""


def series_splits(rows: int, answers: Mapping[str, Any]) -> dict[str, int]:
    """The windows each split of a series gets, as the generated `split_indices` cuts them."""
    windows = rows - answers["window"] - answers["horizon"] + 1
    test = max(1, round(windows * answers["test_split"]))
    validation = max(1, round(windows * answers["validation_split"]))
    return {"train": windows - test - validation - 2 * (answers["horizon"] - 1), "validation": validation, "test": test}


def _check_series_length(answers: Mapping[str, Any], rows: int) -> None:
    if series_splits(rows, answers)["train"] >= MIN_TRAIN_WINDOWS:
        return
    needed = rows + 1
    while series_splits(needed, answers)["train"] < MIN_TRAIN_WINDOWS:
        needed += 1
    window, horizon = answers["window"], answers["horizon"]
    raise InvalidAnswer(
        f"the series has {rows} rows, too few for windows of {window} rows, a horizon of {horizon} "
        f"and the validation and test splits",
        hint=f"give at least {needed} rows, or lower `--window` or `--horizon`",
    )


def _cells(count: int) -> str:
    return "1 empty cell" if count == 1 else f"{count} empty cells"


def _check_rescaled(answers: Mapping[str, Any], facts: probe.Facts) -> None:
    """`rescale` divides by 255: the images of `x` must be 8-bit values, not floats in [0, 1] or wider."""
    dtype, low, high = facts.pixel_values.get("x", ("", 0.0, 255.0))
    if answers.get("preprocessing") != "rescale" or (low >= 0 and 1 < high <= 255) or not dtype:
        return
    raise InvalidAnswer(
        f"`x` holds {dtype} values from {_number(low)} to {_number(high)}, "
        "but preprocessing `rescale` divides 0-255 pixels by 255",
        hint="pass `--preprocessing normalize`, which learns the scale from the data",
    )


def _check_npz(answers: Mapping[str, Any], facts: probe.Facts, task: catalog.Task) -> None:
    shape = facts.x_shape or ()
    path = answers["data_path"]
    if task.input == "image":
        expected = (answers["image_height"], answers["image_width"])
        if len(shape) not in (3, 4) or tuple(shape[1:3]) != expected:
            raise InvalidAnswer(
                f"`x` in `{path}` has shape {shape}, not (samples, {expected[0]}, {expected[1]}, channels)",
                hint="set `--image-height` and `--image-width` to the size of the arrays",
            )
        _check_rescaled(answers, facts)
        channels = shape[3] if len(shape) == 4 else 1
        if channels != answers["channels"]:
            raise InvalidAnswer(
                f"`x` in `{path}` has {channels} channels, not {answers['channels']}",
                hint=f"pass `--channels {channels}`",
            )
    elif len(shape) != 2 or shape[1] != answers["num_features"]:
        raise InvalidAnswer(
            f"`x` in `{path}` has shape {shape}, not (samples, {answers['num_features']})",
            hint="tabular `x` is a 2-D array: pass `--num-features` with its second size",
        )
    if facts.y_shape and facts.y_shape[0] != shape[0]:
        raise InvalidAnswer(
            f"`x` and `y` in `{path}` hold different numbers of samples", hint="give `y` one entry per sample"
        )
    if task.output != "continuous" and "y" in facts.distinct:
        _check_class_count(task, len(facts.distinct["y"]), answers, "label values in `y`")


def check_class_sizes(counts: Mapping[str, int], what: str) -> None:
    """Each class needs two examples: a stratified split keeps one to test and one to train on."""
    single = sorted(name for name, count in counts.items() if count < 2)
    if single:
        listed = _listed(single)
        one = f"class {listed} has" if len(single) == 1 else f"classes {listed} have"
        raise InvalidAnswer(
            f"{what} {one} only one example",
            hint="each class needs at least two, one to train on and one to test: add examples, or drop the class",
        )


def _check_class_count(task: catalog.Task, found: int, answers: Mapping[str, Any], what: str) -> None:
    expected = 2 if task.output == "binary" else answers.get("num_classes")
    if task.output == "continuous" or found == expected:
        return
    if task.output == "binary":
        hint = (
            "use task `" + task.name.replace("binary", "multiclass") + "` for more classes"
            if found > 2
            else "binary tasks need two classes"
        )
    else:
        hint = f"pass `--num-classes {found}`" if found >= 3 else "use a binary task for two classes"
    raise InvalidAnswer(f"the data has {found} {what}, but the task expects {expected} classes", hint=hint)


LISTED = 5
"""The most names a refusal lists before `and N more`."""


def _listed(names: list[str]) -> str:
    """`a`, `b`, `c`: the first `LISTED` names, then how many more."""
    listed = ", ".join(f"`{name}`" for name in names[:LISTED])
    return listed + (f" and {len(names) - LISTED} more" if len(names) > LISTED else "")


def _check_pixels(answers: Mapping[str, Any], facts: probe.Facts) -> None:
    """Images to images: inputs and targets pair up and fit, and a training patch fits in every target."""
    if answers["data_source"] in ("paired_folders", "image_arrays"):
        _check_pairs(answers, facts)
    if answers["data_source"] == "mask_folders":
        _check_masks(answers, facts)
    if answers["data_source"] == "image_arrays":
        _check_pixel_values(answers["pixel_max"], facts)
    _check_patch(answers["patch_size"], answers.get("scale"), facts)


def _check_pixel_values(most: int, facts: probe.Facts) -> None:
    """The arrays' values are pixels from 0 to `most`, and floats in [0, 1] are not read as 0-255."""
    for key, (dtype, low, high) in facts.pixel_values.items():
        shown = f"array `{key}` holds {dtype} values from {_number(low)} to {_number(high)}"
        if low < 0 or (high > most and (most != 1 or high > 255)):
            raise InvalidAnswer(
                f"{shown}, not pixels from 0 to {most}",
                hint="save the images as whole numbers 0-255 or as floats in [0, 1]"
                if low < 0
                else f"pass `--pixel-max N`, the largest value a pixel can take, or rescale them to 0-{most}",
            )
        if high > most:
            raise InvalidAnswer(f"{shown}, past pixel_max 1", hint="pass `--pixel-max 255` for 8-bit values")
        if most > 1 and dtype.startswith("float") and 0 < high <= 1:
            raise InvalidAnswer(
                f"{shown}, but pixel_max is {most}: they would read as almost black",
                hint="pass `--pixel-max 1` if every array holds floats in [0, 1], else save both in one range",
            )


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() else f"{value:g}"


def _check_pairs(answers: Mapping[str, Any], facts: probe.Facts) -> None:
    """Each input has a target of the same name, and each target is `scale` times its input (or the same size)."""
    inputs, targets = answers.get("input_folder", ""), answers.get("target_folder", "")  # none in an .npz
    scale = answers.get("scale")
    _check_unpaired(facts.unpaired_inputs, inputs, ("input", "target"), targets)
    _check_unpaired(facts.unpaired_targets, targets, ("target", "input"), inputs)
    for stem, target in facts.target_sizes.items():
        given, (input_name, target_name) = facts.input_sizes[stem], facts.pair_names[stem]
        if scale and target != (given[0] * scale, given[1] * scale):
            wanted = (given[0] * scale, given[1] * scale)
            raise InvalidAnswer(
                f"target `{target_name}` is {_size(target)}, but its input is {_size(given)}: "
                f"a scale of {scale} wants {_size(wanted)}",
                hint=_scale_hint(target, given),
            )
        if not scale and target != given:
            raise InvalidAnswer(
                f"input `{input_name}` is {_size(given)}, but its target `{target_name}` is {_size(target)}: "
                "a denoised image keeps the size of its input",
                hint="crop or resize one of the two to the size of the other",
            )


def _check_unpaired(names: list[str], folder: str, roles: tuple[str, str], other: str) -> None:
    if not names:
        return
    role, partner = roles
    some = f"1 file in `{folder}` has" if len(names) == 1 else f"{len(names)} files in `{folder}` have"
    raise InvalidAnswer(
        f"{some} no {partner} of the same name in `{other}`: {_listed(names)}",
        hint=f"name each {role} like its {partner} (the suffix may differ), or move it out",
    )


def _scale_hint(target: tuple[int, int], given: tuple[int, int]) -> str:
    """Pass the scale the pair has, when it has one kgen offers; otherwise resize."""
    factor, left = divmod(target[0], given[0])
    if not left and target == (given[0] * factor, given[1] * factor) and factor in (2, 3, 4):
        return f"pass `--scale {factor}` if every target is {factor} times its input, or resize this pair"
    return "resize the target or its input so that the target is exactly `scale` times larger in height and width"


def _check_patch(patch: int, scale: int | None, facts: probe.Facts) -> None:
    """Training crops `patch` x `patch` pixels from each target, and `patch / scale` from its input."""
    if not facts.target_sizes:
        return
    key, size = min(facts.target_sizes.items(), key=lambda item: min(item[1]))
    name = facts.pair_names[key][1] if key in facts.pair_names else key
    fewest = BY_KEY["patch_size"].minimum or 1
    if patch > min(size):
        most = min(size) // (scale or 1) * (scale or 1)
        raise InvalidAnswer(
            f"patch_size {patch} is larger than the smallest target image, `{name}` ({_size(size)})",
            hint=f"use at most {most}"
            if most >= fewest
            else f"leave that image out: training patches are at least {fewest:g} pixels high and wide",
        )
    if scale and patch % scale:
        smaller = patch // scale * scale
        fit = smaller if smaller >= fewest else smaller + scale
        raise InvalidAnswer(
            f"patch_size {patch} is not a multiple of the scale, {scale}",
            hint=f"use {fit}, so that each input patch is {fit // scale} pixels high and wide",
        )


def _size(size: tuple[int, int]) -> str:
    return f"{size[0]}x{size[1]}"


def _check_masks(answers: Mapping[str, Any], facts: probe.Facts) -> None:
    """Each image has a mask of its size, holding only the masks' classes: indices, or the colors listed."""
    _check_unpaired(facts.unpaired_inputs, "images", ("image", "mask"), "masks")
    _check_unpaired(facts.unpaired_targets, "masks", ("mask", "image"), "images")
    for stem, size in facts.target_sizes.items():
        (image, mask), given = facts.pair_names[stem], facts.input_sizes[stem]
        if given != size:
            raise InvalidAnswer(
                f"image `{image}` is {_size(given)}, but its mask `{mask}` is {_size(size)}: "
                "a mask has a class for each pixel of its image",
                hint="crop or resize one of the two to the size of the other",
            )
    colors = answers["mask_colors"]
    if colors:
        _check_mask_colors(colors, answers["mask_classes"], facts)
        return
    for mask, found in facts.mask_colors.items():
        shown = ", ".join(_hex(color) for color in probe_pixels.mask_colors_in_order(facts, found)[:5])
        every = ",".join(_hex(color) for color in probe_pixels.mask_colors_in_order(facts))
        raise InvalidAnswer(
            f"mask `{mask}` holds colors, not class indices: {shown}",
            hint=f"list the masks' colors in class order, background first, e.g. `--mask-colors '{every}'`",
        )
    classes = answers["mask_classes"]
    for mask, values in facts.mask_values.items():
        if max(values) >= classes:
            raise InvalidAnswer(
                f"mask `{mask}` holds class {max(values)}, but there are {classes} classes (0 to {classes - 1})",
                hint=f"pass `--mask-classes {max(values) + 1}` if the masks hold that many, or repaint those pixels",
            )


def _check_mask_colors(colors: list[str], classes: int, facts: probe.Facts) -> None:
    """The listed colors are `#rrggbb`, one per class, and every mask's pixels are among them."""
    for color in colors:
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", color):
            raise InvalidAnswer(f"mask color `{color}` is not a `#rrggbb` color", hint="write each like `#ff0000`")
    if len(colors) != classes:
        raise InvalidAnswer(
            f"--mask-colors lists {len(colors)} colors, but mask_classes is {classes}",
            hint=f"list one color per class, or pass `--mask-classes {len(colors)}`",
        )
    listed = {tuple(int(color[at : at + 2], 16) for at in (1, 3, 5)) for color in colors}
    if len(listed) != len(colors):
        raise InvalidAnswer("--mask-colors lists a color twice", hint="give each class its own color")
    found = {**facts.mask_colors, **{mask: {(v, v, v) for v in values} for mask, values in facts.mask_values.items()}}
    for mask, held in sorted(found.items()):
        strange = sorted(held - listed)
        if strange:
            raise InvalidAnswer(
                f"mask `{mask}` holds the color {_hex(strange[0])}, which is not one of --mask-colors",
                hint="add it in its class's place, or repaint those pixels",
            )


def _hex(color: tuple[int, ...]) -> str:
    return "#" + "".join(f"{value:02x}" for value in color[:3])
