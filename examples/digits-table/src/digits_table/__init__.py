"""digits-table: a Keras 3 model for tabular multiclass."""
