"""kgen: create and grow Keras 3 projects from templates."""

__version__ = "0.8.0"
