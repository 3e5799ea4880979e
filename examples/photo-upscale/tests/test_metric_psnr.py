"""`PeakSignalToNoiseRatio`: a hand-computed value, accumulation over batches, reset, mixed precision, and saving."""

import keras
import numpy as np
import pytest

from photo_upscale.metrics.psnr import PeakSignalToNoiseRatio

SAMPLE_SHAPE = (2, 4, 4, 1)
# Constant batches whose result is computed by hand in the metric's docstring terms.
TRUE_VALUE, PREDICTED_VALUE, EXPECTED = 0.0, 0.1, 20.0
WORSE_VALUE = TRUE_VALUE + 2 * (PREDICTED_VALUE - TRUE_VALUE)
PARAMS = {"max_value": 1.0}  # the arguments EXPECTED was computed with


def batch(value, count=SAMPLE_SHAPE[0]):
    return np.full((count, *SAMPLE_SHAPE[1:]), value, "float32")


def result_of(*batches):
    metric = PeakSignalToNoiseRatio(**PARAMS)
    for y_true, y_pred in batches:
        metric.update_state(y_true, y_pred)
    return float(metric.result())


def test_matches_a_hand_computed_value():
    assert result_of((batch(TRUE_VALUE), batch(PREDICTED_VALUE))) == pytest.approx(EXPECTED, rel=1e-4)


def test_accumulates_over_batches_as_a_mean_over_samples():
    worse = result_of((batch(TRUE_VALUE, 1), batch(WORSE_VALUE, 1)))
    assert worse != pytest.approx(EXPECTED, rel=1e-3)
    both = result_of((batch(TRUE_VALUE), batch(PREDICTED_VALUE)), (batch(TRUE_VALUE, 1), batch(WORSE_VALUE, 1)))
    count = SAMPLE_SHAPE[0]
    assert both == pytest.approx((count * EXPECTED + worse) / (count + 1), rel=1e-4)


def test_reset_state_forgets_every_batch():
    metric = PeakSignalToNoiseRatio(**PARAMS)
    metric.update_state(batch(TRUE_VALUE), batch(WORSE_VALUE))
    metric.reset_state()
    assert float(metric.result()) == 0.0
    metric.update_state(batch(TRUE_VALUE), batch(PREDICTED_VALUE))
    assert float(metric.result()) == pytest.approx(EXPECTED, rel=1e-4)


@pytest.fixture
def mixed_bfloat16():
    """The global dtype policy `mixed_bfloat16` for one test: a model's layers compute in bfloat16."""
    previous = keras.config.dtype_policy()
    keras.config.set_dtype_policy("mixed_bfloat16")
    yield
    keras.config.set_dtype_policy(previous)


def test_accumulates_in_float32_from_bfloat16_predictions(mixed_bfloat16):
    """A mixed-precision model predicts in bfloat16; the metric keeps float32 state and result all the same."""
    metric = PeakSignalToNoiseRatio(**PARAMS)
    metric.update_state(batch(TRUE_VALUE), keras.ops.cast(batch(PREDICTED_VALUE), "bfloat16"))
    result = metric.result()
    assert keras.backend.standardize_dtype(result.dtype) == metric.dtype == "float32"
    assert all(keras.backend.standardize_dtype(variable.dtype) == "float32" for variable in metric.variables)
    assert float(result) == pytest.approx(EXPECTED, rel=2e-2)


def test_config_round_trip():
    metric = PeakSignalToNoiseRatio(name="renamed")
    restored = keras.metrics.deserialize(keras.metrics.serialize(metric))
    assert isinstance(restored, PeakSignalToNoiseRatio) and restored.get_config() == metric.get_config()


def test_a_compiled_model_reports_it_and_survives_save_and_load(tmp_path):
    rng = np.random.default_rng(0)
    x, y = rng.random(SAMPLE_SHAPE, dtype="float32"), rng.random(SAMPLE_SHAPE, dtype="float32")
    inputs = keras.Input(SAMPLE_SHAPE[1:])
    model = keras.Model(inputs, keras.layers.Dense(SAMPLE_SHAPE[-1], activation="sigmoid")(inputs))
    model.compile(optimizer="sgd", loss="mean_squared_error", metrics=[PeakSignalToNoiseRatio()])
    results = model.evaluate(x, y, return_dict=True, verbose=0)
    assert np.isfinite(results["psnr"])
    model.save(tmp_path / "model.keras")
    restored = keras.models.load_model(tmp_path / "model.keras")  # registered: no custom_objects
    again = restored.evaluate(x, y, return_dict=True, verbose=0)
    assert again["psnr"] == pytest.approx(results["psnr"], rel=1e-5)


def test_predictions_outside_the_value_range_are_clipped_to_it():
    clipped = result_of((batch(PARAMS["max_value"]), batch(PARAMS["max_value"])))
    assert result_of((batch(PARAMS["max_value"]), batch(PARAMS["max_value"] + 0.5))) == pytest.approx(clipped)
    assert result_of((batch(0.0), batch(-0.5))) == pytest.approx(result_of((batch(0.0), batch(0.0))))


def test_identical_images_score_the_maximum():
    """The mean squared error is floored at 1e-10, so a perfect match scores `10 * log10(max_value**2 / 1e-10)`."""
    images = np.random.default_rng(0).random((2, 4, 4, 1)).astype("float32") * PARAMS["max_value"]
    best = 10 * np.log10(PARAMS["max_value"] ** 2 / 1e-10)
    assert result_of((images, images)) == pytest.approx(best, rel=1e-4)
    assert result_of((images, np.clip(images + 0.01, 0, PARAMS["max_value"]))) < best
