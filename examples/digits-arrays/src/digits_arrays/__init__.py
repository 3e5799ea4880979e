"""digits-arrays: a Keras 3 model for image multiclass."""
