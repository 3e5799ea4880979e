"""kgen's frozen list of Keras built-in names is the installed Keras's list."""

from __future__ import annotations

import pytest

from kgen import keras_names

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("kind", ["layers", "losses", "metrics"])
def test_the_frozen_names_are_the_installed_keras_names(kind):
    keras = pytest.importorskip("keras")
    installed = {name for name in dir(getattr(keras, kind)) if not name.startswith("_")}
    assert keras_names.KERAS_VERSION == keras.__version__
    assert getattr(keras_names, kind.upper()) == installed, "run `python scripts/write_keras_names.py`"
