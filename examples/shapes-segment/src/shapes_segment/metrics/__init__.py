"""Custom metrics of shapes-segment. Importing this package registers them with Keras.

Every module in this folder is imported below, so each `@keras.saving.register_keras_serializable`
class in it is known to Keras, and `keras.models.load_model` finds it without `custom_objects=`.
To add one, put a new module here; this file needs no change.
"""

import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
