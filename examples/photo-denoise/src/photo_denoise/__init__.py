"""photo-denoise: a Keras 3 model for denoising.

Importing the package registers its custom layers, losses and metrics with Keras,
so `keras.models.load_model` finds them without `custom_objects=`. It also chooses the
Keras backend, before Keras is first imported: `import photo_denoise, keras` runs on tensorflow.
"""

import os

BACKEND = "tensorflow"
"""The backend this project installs and was tested on. A `KERAS_BACKEND` set beforehand wins."""
os.environ.setdefault("KERAS_BACKEND", BACKEND)

from photo_denoise import layers, losses, metrics  # noqa: E402, F401  (they import Keras)
