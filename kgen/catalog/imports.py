"""The standard-library and third-party imports of the generated modules.

Each line is named once here. `MODULE_IMPORTS` holds what each generated module always
imports; a chosen entry's `imports=` (an input kind, stem, output kind, schedule or data
source) adds its lines, keyed by the same module names. `kgen.copier_yml` merges them and
sorts them as ruff's isort rule wants.
"""

from __future__ import annotations

ARGPARSE = "import argparse"
CSV = "import csv"
DATACLASSES = "import dataclasses"
DATETIME = "import datetime"
IO = "import io"
JSON = "import json"
MATH = "import math"
PATH = "from pathlib import Path"
RE = "import re"
SUBPROCESS = "import subprocess"
SYS = "import sys"
TEXTWRAP = "import textwrap"
WARNINGS = "import warnings"

COLORS = "import matplotlib.colors"
FIGURE = "from matplotlib.figure import Figure"
KERAS = "import keras"
LAYERS = "from keras import layers"
MAX_N_LOCATOR = "from matplotlib.ticker import MaxNLocator"
NUMPY = "import numpy as np"
PATCH = "from matplotlib.patches import Patch"
PYTEST = "import pytest"
TENSORFLOW = "import tensorflow as tf"

# Keyed by module: `src/<package>/<key>.py`, or `tests/<key>.py`.
MODULE_IMPORTS: dict[str, tuple[str, ...]] = {
    "model": (KERAS, LAYERS),
    "data": (DATACLASSES, PATH, NUMPY, TENSORFLOW),
    "train": (ARGPARSE, DATACLASSES, PATH, KERAS, FIGURE, MAX_N_LOCATOR),
    "evaluate": (ARGPARSE, JSON, PATH, KERAS, TENSORFLOW, LAYERS),
    "predict": (ARGPARSE, PATH, KERAS, NUMPY, TENSORFLOW),
    "conftest": (DATACLASSES, PATH, KERAS, NUMPY, PYTEST),
    "test_model": (SUBPROCESS, SYS, TEXTWRAP, KERAS, NUMPY, PYTEST, TENSORFLOW),
    "test_data": (NUMPY, TENSORFLOW),
    "test_train": (MATH, PYTEST),
}
