"""Small real data sets in every format kgen reads, written into a test's folder."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
from PIL import Image


def image_folders(root: Path, *, classes: int, size: tuple[int, int], channels: int, per_class: int = 12) -> Path:
    """PNG class folders; each class has its own brightness so a model can learn it."""
    rng = np.random.default_rng(0)
    mode = {1: "L", 3: "RGB"}[channels]
    for label in range(classes):
        folder = root / "images" / f"kind {label}"  # a space in a class name, on purpose
        folder.mkdir(parents=True)
        for index in range(per_class):
            level = 30 + 190 * label / max(1, classes - 1)
            pixels = np.clip(rng.normal(level, 12, (*size, channels)), 0, 255).astype("uint8")
            Image.fromarray(pixels.squeeze(-1) if channels == 1 else pixels, mode=mode).save(folder / f"{index}.png")
    return root / "images"


FEATURES = ["sepal length (cm)", "width, in mm", "ratio-%", "age"]  # spaces and punctuation on purpose


CLASHING = ["a b", "a_b", "numbers", "encoded", "lookup_leaf_colour", "dense_1_dense", "probabilities", "ratio-_"]
"""Column names alike once made Keras-safe, or named like the layers of a table's model (and its heads)."""


def table_csv(
    root: Path, *, target: str, kind: str, rows: int = 60, mixed: bool = False, clashing: bool = False
) -> Path:
    """A CSV with awkward column names; `kind` is `binary`, `multiclass`, `continuous` or `flags` (0/1).

    `mixed` writes a spreadsheet's export instead: a byte order mark, `;` between fields, a
    text column and a column of a few whole numbers (both categorical), and empty cells in
    `age`. The categories follow the target, so a model can learn from them. `clashing` adds a
    `row` number first (`1, 2, ...`, which kgen leaves out) and columns of noise named as in
    `CLASHING` (padded with spaces in the header, which the readers drop), bar the target.
    """
    rng = np.random.default_rng(0)
    features = rng.normal(size=(rows, len(FEATURES)))
    if kind == "continuous":
        targets = [f"{value:.5f}" for value in np.exp(features[:, 0] * 0.3) + features[:, 1] ** 2 * 0.1 + 1.0]
    else:
        count = 3 if kind == "multiclass" else 2
        labels = np.arange(rows) % count
        features[:, 0] += labels * 1.5
        names = {"binary": ["no", "yes"], "flags": ["0", "1"]}.get(kind, ["setosa", "versicolor", "virginica"])
        targets = [names[label] for label in labels]
    path = root / "table.csv"
    if mixed:
        return _mixed_csv(path, features, targets, target, clashing=clashing)
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*FEATURES, target])
        for row, value in zip(features, targets, strict=True):
            writer.writerow([f"{x:.5f}" for x in row] + [value])
    return path


def labels_csv(root: Path, *, labels: list[str], rows: int = 60) -> Path:
    """`FEATURES` and one 0/1 column per label; each label follows one feature, so a model can learn it."""
    rng = np.random.default_rng(0)
    features = rng.normal(size=(rows, len(FEATURES)))
    flags = (features[:, : len(labels)] + rng.normal(scale=0.3, size=(rows, len(labels))) > 0).astype(int)
    path = root / "labels.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*FEATURES, *labels])
        for row, values in zip(features, flags, strict=True):
            writer.writerow([f"{x:.5f}" for x in row] + values.tolist())
    return path


def _mixed_csv(path: Path, features: np.ndarray, targets: list[str], target: str, *, clashing: bool) -> Path:
    order = {name: index for index, name in enumerate(sorted(set(targets)))}
    extra = [name for name in CLASHING if name != target] if clashing else []
    noise = np.random.default_rng(2).normal(size=(len(targets), len(extra)))
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, delimiter=";")
        header = [*FEATURES, "leaf colour", "rooms/floor", target]  # a space and a slash, on purpose
        writer.writerow([" row "] * clashing + header + [f"{name} " for name in extra])
        for number, (row, value) in enumerate(zip(features, targets, strict=True)):
            level = order.get(value, number % 3)
            cells = [f"{x:.5f}" for x in row]
            cells[3] = "" if number % 7 == 0 else cells[3]  # `age` has gaps
            colour = ["red", "green", "blue"][level % 3] if number % 5 else ["red", "green", "blue"][number % 3]
            numbered, extras = [str(number + 1)] * clashing, [f"{x:.4f}" for x in noise[number]]
            writer.writerow([*numbered, *cells, colour, str(1 + level % 4), value, *extras])
    return path


def append_column(path: Path, name: str, values: list[str], delimiter: str = ",") -> Path:
    """Add a last column to a CSV file written here."""
    with path.open(newline="", encoding="utf-8") as handle:
        header, *body = list(csv.reader(handle, delimiter=delimiter))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow([*header, name])
        writer.writerows([*row, value] for row, value in zip(body, values, strict=True))
    return path


def arrays_npz(root: Path, *, shape: tuple[int, ...], kind: str, rows: int = 60) -> Path:
    """`x` of `(rows, *shape)` and `y` as class indices or real targets."""
    rng = np.random.default_rng(0)
    if kind == "continuous":
        x = rng.normal(size=(rows, *shape)).astype("float32")
        y = x.reshape(rows, -1).mean(axis=1) * 2 + 0.5
    else:
        count = 2 if kind == "binary" else 3
        y = np.arange(rows) % count
        x = (rng.normal(size=(rows, *shape)) + y.reshape(-1, *[1] * len(shape))).astype("float32")
        if len(shape) >= 2:
            x = np.clip(x * 40 + 100, 0, 255).astype("uint8")
    path = root / "arrays.npz"
    np.savez(path, x=x, y=y)
    return path


def image_folders_any_channels(
    root: Path, *, classes: int, size: tuple[int, int], channels: int, per_class: int = 12
) -> Path:
    """Like `image_folders`, for every channel count a PNG holds: 1 (L), 2 (LA), 3 (RGB) or 4 (RGBA)."""
    rng = np.random.default_rng(0)
    for label in range(classes):
        folder = root / "images" / f"kind {label}"
        folder.mkdir(parents=True)
        for index in range(per_class):
            level = 30 + 190 * label / max(1, classes - 1)
            pixels = np.clip(rng.normal(level, 12, (*size, channels)), 0, 255).astype("uint8")
            if channels in (2, 4):
                pixels[..., -1] = 255  # opaque: the alpha channel carries no class
            Image.fromarray(pixels.squeeze(-1) if channels == 1 else pixels).save(folder / f"{index}.png")
    return root / "images"


CATEGORIES = ["red", "green", "blue", "dark amber", "violet"]


def table_csv_mixed(
    root: Path,
    *,
    target: str,
    kind: str,
    delimiter: str = ",",
    categories: int = 0,
    gaps: int = 0,
    clashing: int = 0,
    rows: int = 60,
) -> Path:
    """`table_csv`, separated by `delimiter`, plus a text column taking `categories` values and a
    numeric column with `gaps` empty cells (each left out when 0), and the first `clashing` names
    of `CLASHING` as columns of numbers (their names padded with a space, which the readers
    drop), all before the target."""
    path = table_csv(root, target=target, kind=kind, rows=rows)
    with path.open(newline="") as handle:
        header, *body = list(csv.reader(handle))
    rng = np.random.default_rng(1)
    if categories:
        header.insert(-1, "leaf colour")
        for index, row in enumerate(body):
            row.insert(-1, CATEGORIES[index % categories])
    if gaps:
        header.insert(-1, "depth/m")
        empty = set(rng.choice(rows, size=gaps, replace=False).tolist())
        for index, row in enumerate(body):
            row.insert(-1, "" if index in empty else f"{rng.normal(5, 2):.3f}")
    for name in CLASHING[:clashing]:
        header.insert(-1, f" {name}")
        for row in body:
            row.insert(-1, f"{rng.normal():.4f}")
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(body)
    return path


TOPICS = [
    "rain cloud wind storm thunder frost fog sunshine breeze snow".split(),
    "flour butter oven recipe garlic onion simmer dough pepper salad".split(),
    "guitar melody drum chorus rhythm violin concert piano singer tune".split(),
    "harbour sail anchor tide deck mast rope compass voyage island".split(),
    "goal referee stadium striker league match keeper penalty season trophy".split(),
]
"""Each class's own words, by class index: a model learns the class from them."""
FILLER = "the a of and to in it was that with for on as at by this from then very".split()
UNICODE_LINE = "Café, naïve — Grüße, 東京"
TEXT_CLASSES = {"binary": ["neg", "pos"], "multiclass": ["weather", "cooking", "music"]}


def text_folders(root: Path, *, classes: int, per_class: int = 12) -> Path:
    """UTF-8 text class folders; each class has its own words, and its first file a non-ASCII line."""
    rng = np.random.default_rng(0)
    for label in range(classes):
        folder = root / "texts" / f"kind {label}"  # a space in a class name, on purpose
        folder.mkdir(parents=True)
        for index in range(per_class):
            text = _sentences(rng, TOPICS[label], int(rng.integers(3, 6)))
            if index == 0:
                text = f"{text}\n{UNICODE_LINE}"
            (folder / f"{index}.txt").write_text(f"{text}\n", encoding="utf-8")
    return root / "texts"


def text_csv(root: Path, *, target: str, kind: str, rows: int = 60, text: str = "text") -> Path:
    """A UTF-8 CSV of a `text` column and a `target` column; `kind` is `binary` or `multiclass`.

    The texts follow the class (`TOPICS`); some hold a comma, double quotes or a line break,
    so the CSV quotes them.
    """
    rng = np.random.default_rng(0)
    names = TEXT_CLASSES[kind]
    path = root / "texts.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([text, target])
        for number in range(rows):
            label = number % len(names)
            sentences = _sentences(rng, TOPICS[label], int(rng.integers(1, 4)))
            writer.writerow([_awkward(sentences, number), names[label]])
    return path


def text_labels_csv(root: Path, *, labels: tuple[str, str], rows: int = 60, text: str = "text") -> Path:
    """A UTF-8 CSV of a `text` column and two 0/1 label columns: the four topics stand for the
    four combinations of the labels, so a model learns both from the words."""
    rng = np.random.default_rng(0)
    path = root / "texts.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([text, *labels])
        for number in range(rows):
            topic = number % 4
            sentences = _sentences(rng, TOPICS[topic], int(rng.integers(1, 4)))
            writer.writerow([_awkward(sentences, number), topic & 1, topic >> 1])
    return path


def _sentences(rng: np.random.Generator, topic: list[str], count: int) -> str:
    """`count` sentences of the topic's words mixed with `FILLER`."""
    sentences = []
    for _ in range(count):
        words = [str(rng.choice(topic if rng.random() < 0.5 else FILLER)) for _ in range(rng.integers(6, 11))]
        sentences.append(" ".join(words).capitalize() + ".")
    return " ".join(sentences)


def _awkward(text: str, number: int) -> str:
    """Add a comma, double quotes or a line break to some texts, on rows that do not follow the class."""
    if number % 5 == 0:
        text = text.replace(" ", ", ", 1)
    if number % 7 == 0:
        text = f'He wrote "{text}" twice'
    if number % 11 == 0:
        text = f"{text}\n{UNICODE_LINE}"
    return text


SERIES_VALUES = ["temp", "load (MW)"]  # a space and parentheses in a column name, on purpose


def series_csv(
    root: Path, *, rows: int = 160, time: str = "", delimiter: str = ",", period: int = 12, shuffled: bool = False
) -> Path:
    """A CSV of an hourly series: `load (MW)` follows a daily wave of `period` rows and `temp`.

    With `time`, a column of that name holds ISO dates, and `shuffled` writes the rows out of
    time order, so the loader must sort them. Without it, the rows are in order.
    """
    rng = np.random.default_rng(0)
    hours = np.arange(rows)
    temp = 10 + 5 * np.sin(2 * np.pi * hours / period) + rng.normal(0, 0.5, rows)
    load = 50 + 10 * np.sin(2 * np.pi * (hours - 2) / period) + 0.8 * temp + rng.normal(0, 0.5, rows)
    stamps = (np.datetime64("2025-03-01T00:00") + hours.astype("timedelta64[h]")).astype(str)
    order = rng.permutation(rows) if shuffled else hours
    path = root / "series.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow([*([time] if time else []), *SERIES_VALUES])
        for row in order:
            writer.writerow([*([stamps[row]] if time else []), f"{temp[row]:.3f}", f"{load[row]:.3f}"])
    return path


def pixel_images(
    root: Path,
    *,
    channels: int,
    sizes: tuple[tuple[int, int], ...],
    pairs: tuple[str, str] | None = None,
    scale: int = 1,
    count: int = 12,
) -> Path:
    """`count` images of the sizes given (squares on a gradient): a folder of targets, or paired folders.

    With `pairs` (the input and the target folder's names), the inputs are the targets `scale`
    times smaller (block averages), or with noise added when `scale` is 1.
    """
    rng = np.random.default_rng(0)
    folder = root / "images"
    for number in range(count):
        height, width = sizes[number % len(sizes)]
        rows, columns = np.mgrid[0:height, 0:width]
        image = 50 + 80 * rows / height + 60 * columns / width
        for _ in range(6):
            top, left, side = rng.integers(0, height - 3), rng.integers(0, width - 3), rng.integers(2, 8)
            image[top : top + side, left : left + side] += rng.choice([-40, 40])
        pixels = np.clip(image[..., None] + rng.normal(0, 3, (height, width, channels)), 0, 255).astype("uint8")
        name = f"photo {number:02d}"  # a space in a file name, on purpose
        if pairs is None:
            _save(pixels, folder / f"{name}.png")
            continue
        target_folder, input_folder = (root / "pairs" / pairs[1], root / "pairs" / pairs[0])
        _save(pixels, target_folder / f"{name}.png")
        small = pixels.reshape(height // scale, scale, width // scale, scale, channels).mean(axis=(1, 3))
        degraded = small if scale > 1 else small + rng.normal(0, 20, small.shape)
        _save(np.clip(degraded, 0, 255).round().astype("uint8"), input_folder / f"{name}.png")
    return folder if pairs is None else root / "pairs"


def _save(pixels: np.ndarray, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(pixels.squeeze(-1) if pixels.shape[-1] == 1 else pixels).save(path)


def mask_folders(root: Path, *, channels: int, sizes: tuple[tuple[int, int], ...], classes: int, colors=None) -> Path:
    """`images/` and `masks/`: squares on noise, each class its own brightness; masks of indices, or `colors`."""
    rng = np.random.default_rng(0)
    for number in range(12):
        height, width = sizes[number % len(sizes)]
        mask = np.zeros((height, width), "uint8")
        for label in rng.integers(1, classes, 3):
            top, left, side = rng.integers(0, height - 3), rng.integers(0, width - 3), rng.integers(3, 9)
            mask[top : top + side, left : left + side] = label
        pixels = (40 + 180 * mask / (classes - 1))[..., None] + rng.normal(0, 10, (height, width, channels))
        name = f"scene {number:02d}"  # a space in a file name, on purpose
        _save(np.clip(pixels, 0, 255).astype("uint8"), root / "scenes" / "images" / f"{name}.png")
        painted = np.array(colors, "uint8")[mask] if colors else mask[..., None]
        _save(painted, root / "scenes" / "masks" / f"{name}.png")
    return root / "scenes"


def image_arrays(
    root: Path, *, channels: int, size: tuple[int, int], keys: tuple[str, str], scale: int = 1, dtype: str = "uint8"
) -> Path:
    """An `.npz` file of 12 target images (squares on a gradient) and inputs made from them, under `keys`.

    The pixels are stored as `dtype`: 0-255 for whole numbers, or floats in [0, 1] for a dtype
    ending `/1` (`float32/1`), else floats 0-255.
    """
    folder = pixel_images(root / "files", channels=channels, sizes=(size,), pairs=keys, scale=scale)
    arrays = {
        key: np.stack([np.asarray(Image.open(path)) for path in sorted((folder / key).glob("*.png"))]) for key in keys
    }
    stored, _, unit = dtype.partition("/")
    np.savez(
        root / "images.npz", **{key: (array / 255 if unit else array).astype(stored) for key, array in arrays.items()}
    )
    return root / "images.npz"
