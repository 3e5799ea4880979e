"""Write scikit-learn's bundled tables as CSV files, the way a spreadsheet exports them.

    python scripts/write_tables.py breast-cancer FILE   # 30 measurements + `diagnosis` (benign, malignant)
    python scripts/write_tables.py diabetes FILE        # 10 measurements, `sex` as text + `progression`
    python scripts/write_tables.py digit-traits FILE    # 64 pixels + 0/1 labels `even`, `over_four`, `loop`
    python scripts/write_tables.py iris FILE            # 4 measurements (cm) + `species` as text

They ship inside the scikit-learn package, so nothing is downloaded. The diabetes target is
in its own units (25-346), and its `sex` column is written as words, a categorical column.
The digit traits are three yes/no labels of each 8x8 handwritten digit, read from its class:
even, greater than four, and drawn with a closed loop (0, 6, 8, 9): a multi-label table.
"""

import csv
import sys
from pathlib import Path

from sklearn.datasets import load_breast_cancer, load_diabetes, load_digits, load_iris

TRAITS = {"even": {0, 2, 4, 6, 8}, "over_four": {5, 6, 7, 8, 9}, "loop": {0, 6, 8, 9}}


def write_breast_cancer(path: Path) -> None:
    table = load_breast_cancer()
    labels = table.target_names[table.target]
    rows = [[f"{value:g}" for value in row] + [label] for row, label in zip(table.data, labels, strict=True)]
    _write(path, [*table.feature_names, "diagnosis"], rows)


def write_diabetes(path: Path) -> None:
    table = load_diabetes(scaled=False)
    sex = table.feature_names.index("sex")
    rows = []
    for row, target in zip(table.data, table.target, strict=True):
        cells = [f"{value:g}" for value in row]
        cells[sex] = {"1": "female", "2": "male"}[cells[sex]]
        rows.append([*cells, f"{target:g}"])
    _write(path, [*table.feature_names, "progression"], rows)


def write_digit_traits(path: Path) -> None:
    digits = load_digits()
    pixels = [f"pixel_{row}_{column}" for row in range(8) for column in range(8)]
    rows = [
        [f"{value:g}" for value in image] + [str(int(digit in members)) for members in TRAITS.values()]
        for image, digit in zip(digits.data, digits.target, strict=True)
    ]
    _write(path, [*pixels, *TRAITS], rows)


def write_iris(path: Path) -> None:
    table = load_iris()
    header = [name.replace(" (cm)", "_cm").replace(" ", "_") for name in table.feature_names]
    species = table.target_names[table.target]
    rows = [[f"{value:g}" for value in row] + [name] for row, name in zip(table.data, species, strict=True)]
    _write(path, [*header, "species"], rows)


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


if __name__ == "__main__":
    kind, destination = sys.argv[1], Path(sys.argv[2])
    writers = {
        "breast-cancer": write_breast_cancer,
        "diabetes": write_diabetes,
        "digit-traits": write_digit_traits,
        "iris": write_iris,
    }
    writers[kind](destination)
    print(f"wrote {kind} to {destination}")
