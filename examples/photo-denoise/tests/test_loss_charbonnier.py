"""`CharbonnierLoss`: least at a perfect prediction, never negative, nearer is smaller, in mixed precision."""

import keras
import numpy as np
import pytest

from photo_denoise.losses.charbonnier import CharbonnierLoss

SHAPE = (4, 8)
STEPS = (2.0, 1.0, 0.5, 0.1, 0.0)  # how far the prediction is from the target


def target(rows=SHAPE[0]):
    return np.random.default_rng(0).random((rows, *SHAPE[1:]), dtype="float32")


def toward(target, step):
    """A prediction `step` times a fixed error away from the target."""
    error = np.random.default_rng(1).normal(size=target.shape).astype("float32")
    return target + step * error


def anything(rows=SHAPE[0]):
    return np.random.default_rng(1).normal(size=(rows, *SHAPE[1:])).astype("float32")


def test_is_least_at_a_perfect_prediction():
    loss = CharbonnierLoss()
    y = target()
    assert float(loss(y, y)) == pytest.approx(loss.epsilon, abs=1e-5)
    assert all(float(loss(y, toward(y, step))) > float(loss(y, y)) for step in STEPS[:-1])


def test_is_never_negative():
    per_sample = CharbonnierLoss(reduction=None)(target(), anything())
    assert tuple(per_sample.shape) == (SHAPE[0],)
    assert (keras.ops.convert_to_numpy(per_sample) >= 0).all()


def test_decreases_toward_the_target():
    loss = CharbonnierLoss()
    y = target()
    values = [float(loss(y, toward(y, step))) for step in STEPS]
    assert all(earlier > later for earlier, later in zip(values, values[1:], strict=False)), values


def test_gradients_are_finite_and_nonzero_away_from_the_target():
    """One SGD step on a model whose output is a prediction itself moves it by the loss's gradient."""
    y = target()
    rows = len(y)
    for prediction, moving in ((toward(y, STEPS[1]), True), (y, False)):
        values = prediction.reshape(rows, -1)
        dense = keras.layers.Dense(values.shape[1], use_bias=False)
        model = keras.Sequential([keras.Input((rows,)), dense, keras.layers.Reshape(SHAPE[1:])])
        dense.set_weights([values])  # row i of the identity matrix selects prediction i
        model.compile(optimizer=keras.optimizers.SGD(1.0), loss=CharbonnierLoss())
        model.train_on_batch(np.eye(rows, dtype="float32"), y)
        step = keras.ops.convert_to_numpy(dense.kernel) - values
        assert np.isfinite(step).all()
        assert np.abs(step).sum() > 0 or not moving


@pytest.fixture
def mixed_bfloat16():
    """The global dtype policy `mixed_bfloat16` for one test: a model's layers compute in bfloat16."""
    previous = keras.config.dtype_policy()
    keras.config.set_dtype_policy("mixed_bfloat16")
    yield
    keras.config.set_dtype_policy(previous)


def test_computes_in_float32_from_bfloat16_predictions(mixed_bfloat16):
    """A mixed-precision model predicts in bfloat16; the loss is float32, as if the prediction were float32."""
    loss = CharbonnierLoss()
    y = target()
    prediction = keras.ops.cast(toward(y, STEPS[1]), "bfloat16")
    value = loss(y, prediction)
    assert keras.backend.standardize_dtype(value.dtype) == loss.dtype == "float32"
    rounded = keras.ops.convert_to_numpy(keras.ops.cast(prediction, "float32"))
    assert float(value) == pytest.approx(float(loss(y, rounded)), rel=1e-5)
    assert float(value) == pytest.approx(float(loss(y, toward(y, STEPS[1]))), rel=2e-2)


def test_a_mixed_precision_model_takes_a_finite_training_step(mixed_bfloat16):
    inputs = keras.Input((3,))
    outputs = keras.layers.Dense(int(np.prod(SHAPE[1:])))(inputs)
    model = keras.Model(inputs, keras.layers.Reshape(SHAPE[1:])(outputs))
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss=CharbonnierLoss())
    x = np.random.default_rng(2).random((SHAPE[0], 3), dtype="float32")
    assert np.isfinite(model.train_on_batch(x, target()))
    assert all(np.isfinite(keras.ops.convert_to_numpy(weight)).all() for weight in model.trainable_weights)


def test_config_round_trip():
    loss = CharbonnierLoss(name="renamed")
    assert CharbonnierLoss.from_config(loss.get_config()).get_config() == loss.get_config()
    restored = keras.losses.deserialize(keras.losses.serialize(loss))
    assert isinstance(restored, CharbonnierLoss) and restored.get_config() == loss.get_config()


def test_a_model_trains_with_it_and_survives_save_and_load(tmp_path):
    x = np.random.default_rng(2).random((16, 3), dtype="float32")
    y = target(16)
    inputs = keras.Input((3,))
    outputs = keras.layers.Dense(int(np.prod(SHAPE[1:])))(inputs)
    model = keras.Model(inputs, keras.layers.Reshape(SHAPE[1:])(outputs))
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss=CharbonnierLoss())
    history = model.fit(x, y, epochs=3, batch_size=16, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
    model.save(tmp_path / "model.keras")
    restored = keras.models.load_model(tmp_path / "model.keras")  # registered: no custom_objects
    assert isinstance(restored.loss, CharbonnierLoss)
    assert restored.evaluate(x, y, verbose=0) == pytest.approx(model.evaluate(x, y, verbose=0), rel=1e-5)


def test_is_close_to_the_absolute_error_away_from_zero():
    y = target()
    assert float(CharbonnierLoss(epsilon=1e-3)(y, y + 0.1)) == pytest.approx(0.1, rel=1e-3)
