from __future__ import annotations

import struct
from pathlib import Path

import pytest
from conftest import png_bytes

from kgen import sources
from kgen.errors import InvalidAnswer
from kgen.readers import table
from kgen.readers.table import ColumnFacts


def write_text(tmp_path: Path, text: str, name: str = "table.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def csv_facts(tmp_path: Path, text: str, **options) -> table.Table:
    return sources.inspect("csv", write_text(tmp_path, text, **options))


def refused(source: str, path: Path) -> InvalidAnswer:
    with pytest.raises(InvalidAnswer) as caught:
        sources.inspect(source, path)
    return caught.value


# CSV dialects


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_delimiter_is_detected(tmp_path, delimiter):
    rows = ["x", "y", "label"], *([f"{i}.5", str(i * 3), "ab"[i % 2]] for i in range(12))
    facts = csv_facts(tmp_path, "".join(delimiter.join(row) + "\n" for row in rows))
    assert facts.delimiter == delimiter
    assert facts.columns == ["x", "y", "label"]
    assert facts.numeric_columns == {"x", "y"}
    assert facts.num_samples == 12


def test_semicolons_with_decimal_commas(tmp_path):
    facts = csv_facts(tmp_path, "weight;label\n1,5;a\n2,25;b\n3,0;a\n")
    assert (facts.delimiter, facts.columns) == (";", ["weight", "label"])


def test_a_byte_order_mark_is_not_part_of_the_first_column(tmp_path):
    facts = csv_facts(tmp_path, "\ufeffa;b\r\n1;2\r\n3;4\r\n")  # as a spreadsheet saves `CSV UTF-8`
    assert (facts.delimiter, facts.columns, facts.numeric_columns) == (";", ["a", "b"], {"a", "b"})
    assert facts.num_samples == 2


def test_quoted_fields_keep_their_delimiters_and_newlines(tmp_path):
    text = 'note,size,label\n"red, round\nand small",1.5,a\n"plain",2,b\n"x; y",3,a\n'
    facts = csv_facts(tmp_path, text)
    assert (facts.delimiter, facts.columns, facts.num_samples) == (",", ["note", "size", "label"], 3)
    assert facts.distinct["note"] == {"red, round\nand small", "plain", "x; y"}


def test_quoted_fields_in_a_semicolon_file(tmp_path):
    facts = csv_facts(tmp_path, 'note;size\n"a, b\nc";1\n"d;e";2\n"f";3\n')
    assert (facts.delimiter, facts.columns, facts.num_samples) == (";", ["note", "size"], 3)
    assert facts.distinct["note"] == {"a, b\nc", "d;e", "f"}


def test_a_single_column_falls_back_to_commas(tmp_path):
    facts = csv_facts(tmp_path, "value\n1\n2\n3\n")
    assert (facts.delimiter, facts.columns) == (",", ["value"])


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = write_text(tmp_path, "city,size\nZürich,1\n", encoding="latin-1")
    error = refused("csv", path)
    assert str(error) == f"`{path}` is not UTF-8 text"
    assert error.hint == "save it as UTF-8 (`CSV UTF-8` in spreadsheet programs)"


def test_a_quote_that_never_closes_is_refused(tmp_path):
    path = write_text(tmp_path, 'a,b\n"' + "x" * 200_000 + "\n")
    error = refused("csv", path)
    assert str(error) == f"`{path}` cannot be read as CSV (field larger than field limit (131072))"
    assert error.hint == 'check its quotes: each opening `"` needs a closing one'


def test_an_empty_file_is_refused(tmp_path):
    path = write_text(tmp_path, "")
    assert str(refused("csv", path)) == f"`{path}` is empty"


def test_a_repeated_column_name_is_refused(tmp_path):
    path = write_text(tmp_path, "x,x,colour,target\n1,2,red,a\n3,4,blue,b\n")
    error = refused("csv", path)
    assert str(error) == f"column `x` is named twice in the header of `{path}`"
    assert error.hint == "rename one of them in the first line of the file"


def test_names_equal_once_stripped_of_spaces_are_refused_as_repeated(tmp_path):
    path = write_text(tmp_path, "x ,\tx,target\n1,2,a\n")
    assert str(refused("csv", path)) == f"column `x` is named twice in the header of `{path}`"


def test_two_columns_without_a_name_are_refused(tmp_path):
    path = write_text(tmp_path, ",a,\n1,2,3\n")
    error = refused("csv", path)
    assert str(error) == f"more than one column of `{path}` has no name in its header"
    assert error.hint == "name each column in the first line of the file"


def test_spaces_around_header_names_are_dropped(tmp_path):
    facts = csv_facts(tmp_path, " size ,colour  ,target\n1,red,a\n2,blue,b\n")
    assert facts.columns == ["size", "colour", "target"]
    assert set(facts.column_report) == {"size", "colour", "target"} and facts.numeric_columns == {"size"}


def test_a_table_with_a_header_only_is_refused_for_having_no_rows(tmp_path):
    path = write_text(tmp_path, "a,b,target\n\n")
    error = refused("csv", path)
    assert str(error) == f"`{path}` has a header but no rows"
    assert error.hint == "add the rows of data below the line that names the columns"


# Per-column facts


def test_column_report(tmp_path):
    rows = [
        f"{i / 10},{['setosa', 'virginica', 'versicolor'][i % 3]},{'' if i % 5 == 0 else 20 + i},{i % 2},{i}, "
        for i in range(20)
    ]
    facts = csv_facts(tmp_path, "sepal length,species,age,flag,id,blank\n" + "\n".join(rows) + "\n")
    assert facts.column_report == {
        "sepal length": ColumnFacts("numeric", empty=0, distinct=20, integer=False),
        "species": ColumnFacts("categorical", empty=0, distinct=3, integer=False),
        "age": ColumnFacts("numeric", empty=4, distinct=16, integer=True),
        "flag": ColumnFacts("categorical", empty=0, distinct=2, integer=True),
        "id": ColumnFacts("numeric", empty=0, distinct=20, integer=True, counts_up=True),
        "blank": ColumnFacts("categorical", empty=20, distinct=0, integer=False),
    }
    assert facts.numeric_columns == {"sepal length", "age", "flag", "id"}
    assert table.describe_columns(facts) == [
        "sepal length: numeric",
        "species: categorical, 3 values",
        "age: numeric, 4 empty cells",
        "flag: categorical, 2 values",
        "id: numeric",
        "blank: no values, 20 empty cells",
    ]


def test_whitespace_cells_and_short_rows_count_as_empty(tmp_path):
    facts = csv_facts(tmp_path, "a,b,c\n1,  ,x\n2\n\n3,4,y\n")
    assert facts.num_samples == 3  # the blank line is no row
    assert facts.column_report["b"].empty == 2
    assert facts.column_report["c"] == ColumnFacts("categorical", empty=1, distinct=2, integer=False)
    assert "" not in facts.distinct["b"]


@pytest.mark.parametrize(
    ("cells", "counts_up"),
    [
        (range(1, 21), True),
        (range(-5, 15), True),
        ([*range(1, 10), 11, *range(12, 22)], False),  # a row skipped
        ([*range(1, 10), "", *range(11, 21)], False),
        (range(20, 0, -1), False),
        ([f"{i}.5" for i in range(20)], False),
    ],
)
def test_whole_numbers_counting_up_by_one_are_noted(tmp_path, cells, counts_up):
    facts = csv_facts(tmp_path, "row\n" + "\n".join(str(cell) for cell in cells) + "\n")
    assert facts.column_report["row"].counts_up is counts_up


def test_whole_numbers_are_categorical_only_when_few(tmp_path):
    ten = "\n".join(str(i % 10) for i in range(20))  # 10 values, half the rows
    assert csv_facts(tmp_path, f"n\n{ten}\n").column_report["n"].kind == "categorical"
    eleven = "\n".join(str(i % 11) for i in range(40))
    assert csv_facts(tmp_path, f"n\n{eleven}\n").column_report["n"].kind == "numeric"
    ten_in_twelve = "\n".join(str(i % 10) for i in range(12))  # 10 values in 12 rows: more than half
    assert csv_facts(tmp_path, f"n\n{ten_in_twelve}\n").column_report["n"].kind == "numeric"
    floats = "\n".join(f"{i % 2}.0" for i in range(20))
    assert csv_facts(tmp_path, f"n\n{floats}\n").column_report["n"] == ColumnFacts("numeric", 0, 2, integer=False)


def test_distinct_values_are_counted_up_to_the_cap(tmp_path):
    rows = "\n".join(f"user{i},{i % 3}" for i in range(table.DISTINCT_CAP + 50))
    facts = csv_facts(tmp_path, f"name,label\n{rows}\n")
    assert facts.column_report["name"].distinct == table.DISTINCT_CAP + 1
    assert len(facts.distinct["name"]) == table.DISTINCT_CAP + 1
    assert table.describe_columns(facts) == [
        f"name: categorical, more than {table.DISTINCT_CAP} values",
        "label: categorical, 3 values",
    ]


def test_one_value_and_one_empty_cell_are_singular(tmp_path):
    facts = csv_facts(tmp_path, "kind,size\nx,1\n,2\nx,3\nx,4.5\n")
    assert table.describe_columns(facts) == ["kind: categorical, 1 value, 1 empty cell", "size: numeric"]


# Image files


def chunked_jpeg(scan: bytes = bytes(range(1, 200)) * 3, thumbnail: bytes = b"") -> bytes:
    """The marker structure of a JPEG: start, an Exif header (with a thumbnail), one scan, end."""

    def segment(marker: bytes, payload: bytes) -> bytes:
        return b"\xff" + marker + struct.pack(">H", len(payload) + 2) + payload

    exif = segment(b"\xe1", b"Exif\x00\x00" + thumbnail)
    return b"\xff\xd8" + exif + segment(b"\xda", b"\x01\x01\x00\x00\x3f\x00") + scan + b"\xff\xd9"


def gif_bytes() -> bytes:
    screen = struct.pack("<HHBBB", 2, 2, 0x80, 0, 0) + bytes(6)  # 2 x 2, a 2-colour table
    image = b"\x2c" + struct.pack("<HHHHB", 0, 0, 2, 2, 0) + b"\x02\x02\x44\x01\x00"
    return b"GIF89a" + screen + image + b";"


def bmp_bytes(width: int = 3, height: int = 2) -> bytes:
    pixels = (24 * width + 31) // 32 * 4 * abs(height)  # rows are padded to 4 bytes
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, pixels, 0, 0, 0, 0)
    return b"BM" + struct.pack("<IHHI", 54 + pixels, 0, 0, 54) + info + bytes(pixels)


GOOD = {
    "png": png_bytes(6, 4),
    "jpg": chunked_jpeg(),
    "gif": gif_bytes(),
    "bmp": bmp_bytes(),
    "png after data": png_bytes(6, 4) + b"\x00" * 40,
    "jpg after data": chunked_jpeg() + bytes(range(256)) * 20,  # a phone's motion photo appends a video
    "jpg padded": chunked_jpeg() + b"\x00" * 3,
    "gif without trailer": gif_bytes()[:-1],
    "bmp upside down": bmp_bytes(height=-2),
    "png named jpg": png_bytes(6, 4),
}
BAD = {
    "png cut": png_bytes(6, 4)[:-1],
    "png cut in the pixels": png_bytes(6, 4)[:-30],
    "jpg cut": chunked_jpeg()[:-2],
    "jpg cut with a whole thumbnail": chunked_jpeg(thumbnail=chunked_jpeg())[:-40],
    "jpg cut after a marker's 0xFF": b"\xff\xd8\xff",
    "jpg cut after a later marker's 0xFF": chunked_jpeg()[: chunked_jpeg().index(b"\xff\xda") + 1],
    "gif cut": gif_bytes()[:-2],
    "bmp cut": bmp_bytes()[:-1],
    "bmp with extra bytes": bmp_bytes() + b"\x00\x00",  # TensorFlow refuses those too
    "empty": b"",
    "text": b"not an image at all, just words",
    "png without a header": b"\x89PNG\r\n\x1a\n" + bytes(40),
}


@pytest.mark.parametrize("content", GOOD.values(), ids=GOOD.keys())
def test_whole_images_pass(tmp_path, content):
    (tmp_path / "cats").mkdir()
    (tmp_path / "cats" / "a.jpg").write_bytes(content)
    assert sources.inspect("image_folders", tmp_path).classes == ["cats"]


@pytest.mark.parametrize("content", BAD.values(), ids=BAD.keys())
def test_damaged_images_are_refused(tmp_path, content):
    (tmp_path / "cats").mkdir()
    (tmp_path / "cats" / "a.png").write_bytes(content)
    error = refused("image_folders", tmp_path)
    assert str(error) == f"1 image file in `{tmp_path}` does not decode: `cats/a.png`"
    assert error.hint == "remove or re-save it"


def test_all_damaged_images_are_refused_at_once(image_folders):
    root = image_folders(["cat", "dog"], per_class=6)
    for name in ["cat/0.png", "cat/3.png", "dog/1.png", "dog/2.png", "dog/4.png", "dog/5.png", "cat/5.png"]:
        (root / name).write_bytes((root / name).read_bytes()[:-5])
    error = refused("image_folders", root)
    assert str(error) == (
        f"7 image files in `{root}` do not decode: "
        "`cat/0.png`, `cat/3.png`, `cat/5.png`, `dog/1.png`, `dog/2.png` and 2 more"
    )
    assert error.hint == "remove or re-save them"


def test_the_image_size_comes_from_the_first_whole_png(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "0.png").write_bytes(gif_bytes())
    (tmp_path / "a" / "1.png").write_bytes(png_bytes(7, 5, channels=1))
    facts = sources.inspect("image_folders", tmp_path)
    assert (facts.image_size, facts.channels, facts.num_samples) == ((5, 7), 1, 2)


def test_cells_that_say_no_value_count_as_empty(tmp_path):
    rows = "".join(
        f"{value},{index % 2}\n" for index, value in enumerate(["1.5", "NA", "n/a", "NaN", "null", "2", "None"])
    )
    facts = csv_facts(tmp_path, "x,label\n" + rows * 3)
    assert "x" in facts.numeric_columns
    assert facts.column_report["x"].empty == 15 and facts.column_report["x"].kind == "numeric"


def test_spaces_after_the_delimiter_are_not_part_of_the_names(tmp_path):
    facts = csv_facts(tmp_path, "size, age, label\n" + "".join(f"{i}.5, {i}, {'ab'[i % 2]}\n" for i in range(12)))
    assert facts.columns == ["size", "age", "label"]
    assert facts.numeric_columns == {"size", "age"}


def test_images_in_sub_folders_of_a_class_folder_count_for_that_class(image_folders):
    root = image_folders(["cat", "dog", "owl"], per_class=3)
    (root / "eel" / "2024" / "june").mkdir(parents=True)
    for index in range(3):
        (root / "eel" / "2024" / "june" / f"{index}.png").write_bytes((root / "cat" / "0.png").read_bytes())
    (root / "cat" / "more").mkdir()
    (root / "cat" / "more" / "9.png").write_bytes((root / "cat" / "0.png").read_bytes())
    (root / "dog" / ".thumbs").mkdir()
    (root / "dog" / ".thumbs" / "0.png").write_bytes(b"hidden, and not an image")
    facts = sources.inspect("image_folders", root)
    assert facts.classes == ["cat", "dog", "eel", "owl"]
    assert facts.class_counts == {"cat": 4, "dog": 3, "eel": 3, "owl": 3}


def test_a_damaged_image_in_a_sub_folder_is_named_by_its_path(image_folders):
    root = image_folders(["cat", "dog"])
    (root / "cat" / "old").mkdir()
    (root / "cat" / "old" / "x.png").write_bytes(b"not an image")
    assert "`cat/old/x.png`" in str(refused("image_folders", root))
