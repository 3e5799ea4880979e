"""Data sources: the kinds of files on disk the generated `data.py` reads."""

from __future__ import annotations

from dataclasses import dataclass

from kgen.catalog.base import by_name
from kgen.catalog.outputs import IMAGE_OUTPUTS, ONE_TARGET


@dataclass(frozen=True)
class DataSource:
    """A kind of files on disk that the generated `data.py` reads.

    Args:
        name: The answer.
        help: One line for `--help`.
        inputs: The input kinds it can hold.
        path_help: What `data_path` names.
        example_path: The default `data_path`.
        describe: The files, in a phrase (e.g. "image class folders").
        predict_reads: What `predict` takes on its command line, in a phrase.
        predict_example: An example argument of `predict`.
        predict_usage: The arguments of `predict`, as its usage line shows them.
        predict_rows: What identifies each row of `predict`'s CSV, before the predictions.
        predict_count: How many rows `predict` writes for the test fixture's file, as a Python
            expression in the generated test: one per example, or one per file.
        predict_path: What the generated one-epoch test gives `predict`, as a Python expression.
        evaluate_reads: More arguments `evaluate.main` passes `evaluate` for `--data`: how it
            reads those files, when the command line can say more than the config (the names
            of an `.npz`'s arrays, from `templates/partials/sources/<name>/evaluate*.py.jinja`).
        targets_path: Where that test finds the known targets for `predict --targets`.
        stem: The stem of the tasks reading this source that ask no `preprocessing` (tables, texts,
            images of any size).
        outputs: The output kinds its files can hold targets for.
        asks: The questions only these files raise (`text_column` for a CSV of texts): each is
            asked when the answer is one of the sources that ask it (and the task asks it too).
        image_files: The project decodes image files for it (PNG, JPEG, ...), at least those
            `predict` reads, so its images hold 1, 3 or 4 channels.
    """

    name: str
    help: str
    inputs: frozenset[str]
    path_help: str
    example_path: str
    describe: str
    predict_reads: str
    predict_example: str
    predict_usage: str
    predict_rows: str
    predict_count: str = "len(labelled[0])"
    predict_path: str = "data_path"
    evaluate_reads: str = ""
    targets_path: str = "data_path"
    stem: str = "normalize"
    outputs: frozenset[str] = ONE_TARGET
    asks: frozenset[str] = frozenset()
    image_files: bool = False


_TEXT = frozenset({"text"})
_IMAGE = frozenset({"image"})
_PIXELS = frozenset({"pixels"})
_ARRAYS = frozenset({"image", "table"})

DATA_SOURCES: dict[str, DataSource] = by_name(
    DataSource(
        name="text_folders",
        help="A folder with one sub-folder of UTF-8 `.txt` files per class, one example per file",
        inputs=_TEXT,
        path_help="folder whose sub-folders are the classes",
        example_path="data/texts",
        describe="text class folders",
        predict_reads="text files or folders of them",
        predict_example="path/to/text.txt",
        predict_usage="TEXT_OR_FOLDER ...",
        predict_rows="path of each text file",
        stem="tokens",
    ),
    DataSource(
        name="text_csv",
        help="A CSV file with a header: a text column and a target column, one example per row",
        inputs=_TEXT,
        path_help="CSV file",
        example_path="data/texts.csv",
        describe="a CSV file of texts",
        predict_reads="CSV files with the text column",
        predict_example="new_texts.csv",
        predict_usage="TEXTS.csv ...",
        predict_rows="input rows as read",
        stem="tokens",
        outputs=ONE_TARGET | {"multilabel"},
        asks=frozenset({"text_column", "target_column", "delimiter"}),
    ),
    DataSource(
        name="image_folders",
        help="A folder with one sub-folder of images (PNG, JPEG, BMP, GIF) per class",
        inputs=_IMAGE,
        path_help="folder whose sub-folders are the classes",
        example_path="data/images",
        describe="image class folders",
        predict_reads="image files or folders of images",
        predict_example="path/to/image.png",
        predict_usage="IMAGE_OR_FOLDER ...",
        predict_rows="path of each image",
        image_files=True,
    ),
    DataSource(
        name="csv",
        help="A CSV file with a header: feature columns (numbers or categories, gaps allowed) and a target column",
        inputs=frozenset({"table"}),
        path_help="CSV file",
        example_path="data/table.csv",
        describe="a CSV file",
        predict_reads="CSV files with the feature columns",
        predict_example="new_rows.csv",
        predict_usage="ROWS.csv ...",
        predict_rows="input rows as read",
        stem="columns",
        outputs=ONE_TARGET | {"multilabel", "multi_output"},
        asks=frozenset(
            {
                "target_column",
                "feature_columns",
                "delimiter",
                "categorical_columns",
                "columns_with_gaps",
                "max_categories",
            }
        ),
    ),
    DataSource(
        name="series_csv",
        help="A CSV file with a header, one row per time step: numeric columns, and a time column or rows in order",
        inputs=frozenset({"series"}),
        path_help="CSV file",
        example_path="data/series.csv",
        describe="a CSV file of a time series",
        predict_reads="series CSV files, each forecast after its last row",
        predict_example="recent.csv",
        predict_usage="SERIES.csv ...",
        predict_rows="file of each series and its last time",
        predict_count="1",
        outputs=frozenset({"forecast"}),
        asks=frozenset({"time_column", "target_column", "value_columns", "delimiter"}),
    ),
    DataSource(
        name="image_folder",
        help="A folder of images (PNG, JPEG, BMP): the targets; the pipeline makes each input from its target",
        inputs=_PIXELS,
        path_help="folder of images",
        example_path="data/images",
        describe="a folder of images",
        predict_reads="image files or folders of them",
        predict_example="path/to/image.png",
        predict_usage="IMAGE_OR_FOLDER ...",
        predict_rows="",
        stem="pixels",
        outputs=IMAGE_OUTPUTS,
        asks=frozenset({"downscale", "noise"}),
        image_files=True,
    ),
    DataSource(
        name="paired_folders",
        help="A folder with an input and a target sub-folder of images whose file names pair up",
        inputs=_PIXELS,
        path_help="folder holding the input and target folders",
        example_path="data/pairs",
        describe="paired input and target images",
        predict_reads="image files or folders of them",
        predict_example="path/to/image.png",
        predict_usage="IMAGE_OR_FOLDER ...",
        predict_rows="",
        predict_path="data_path / config.data.input_folder",
        targets_path="data_path / config.data.target_folder",
        stem="pixels",
        outputs=IMAGE_OUTPUTS,
        asks=frozenset({"input_folder", "target_folder"}),
        image_files=True,
    ),
    DataSource(
        name="image_arrays",
        help="A NumPy .npz file with an input and a target array of images, samples first (named by the answers)",
        inputs=_PIXELS,
        path_help=".npz file with the input and target arrays",
        example_path="data/images.npz",
        describe="an .npz file of input and target images",
        predict_reads="image files or folders of them",
        predict_example="path/to/image.png",
        predict_usage="IMAGE_OR_FOLDER ...",
        predict_rows="",
        predict_path='data_path.parent / "inputs"',
        targets_path='data_path.parent / "targets"',
        evaluate_reads=", named_arrays(config, args)",
        stem="pixels",
        outputs=IMAGE_OUTPUTS,
        asks=frozenset({"input_key", "target_key", "pixel_max"}),
        image_files=True,
    ),
    DataSource(
        name="mask_folders",
        help="A folder with `images/` and `masks/`: PNG masks named like their images, of class indices or colors",
        inputs=_PIXELS,
        path_help="folder holding `images/` and `masks/`",
        example_path="data/scenes",
        describe="images and their class masks",
        predict_reads="image files or folders of them",
        predict_example="path/to/image.png",
        predict_usage="IMAGE_OR_FOLDER ...",
        predict_rows="",
        predict_path='data_path / "images"',
        targets_path='data_path / "masks"',
        stem="pixels",
        outputs=frozenset({"mask"}),
        asks=frozenset({"mask_colors"}),
        image_files=True,
    ),
    DataSource(
        name="npz",
        help="A NumPy .npz file with arrays `x` (samples first) and `y` (labels or targets)",
        inputs=_ARRAYS,
        path_help=".npz file with arrays `x` and `y`",
        example_path="data/arrays.npz",
        describe="an .npz file",
        predict_reads=".npz files with an array `x`",
        predict_example="new_arrays.npz",
        predict_usage="ARRAYS.npz ...",
        predict_rows="file and index of each sample",
        asks=frozenset({"num_features"}),
    ),
)


def sources_asking(key: str) -> tuple[str, ...]:
    """The data sources whose files raise question `key` (`DataSource.asks`), in catalog order."""
    return tuple(name for name, source in DATA_SOURCES.items() if key in source.asks)


def image_file_sources() -> tuple[str, ...]:
    """The data sources whose images the project decodes from image files, in catalog order."""
    return tuple(name for name, source in DATA_SOURCES.items() if source.image_files)


# CSV field separators kgen reads: the answer -> the character.
DELIMITERS: dict[str, str] = {"comma": ",", "semicolon": ";", "tab": "\t"}
