"""kgen creates and grows Keras 3 projects from templates; `__version__` is the template's version too."""

__version__ = "0.9.0"
