"""One real epoch through train, evaluate and predict, and the learning-rate schedule."""

import csv
import dataclasses
import io
import math
import re

import keras
import pytest

from digit_traits import predict, train
from digit_traits.config import load_config
from digit_traits.evaluate import evaluate


@pytest.mark.slow
def test_one_epoch_trains_evaluates_and_predicts(config, config_path, data_path, labelled, capsys):
    history = train.train(config, verbose=0)
    output_dir = config.train.output_dir
    assert len(history.epoch) == 1
    for name in ["model.keras", "best.weights.h5", "history.csv", "history.png", "classes.json"]:
        assert (output_dir / name).stat().st_size > 0, name
    assert all(path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for path in output_dir.glob("*.png"))  # the plots
    assert "val_loss" in (output_dir / "history.csv").read_text().splitlines()[0]
    assert all(row[0].endswith("loss") for row in train.history_panels(list(history.history), []))  # losses first

    results = evaluate(config, output_dir / "model.keras")
    assert results["model"].keys() == results["baseline"].keys()
    assert all(math.isfinite(value) for scores in results.values() for value in scores.values())
    elsewhere = evaluate(config, output_dir / "model.keras", data_path=data_path)  # every example of the file
    assert elsewhere["model"].keys() == results["model"].keys()

    arguments = [str(data_path), "--model", str(output_dir / "model.keras"), "--config", str(config_path)]
    predict.main(arguments)
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == len(labelled[0])
    predicted = [column for column in rows[0] if column.startswith("prediction")]
    assert predicted and all(row[column] for row in rows for column in predicted)
    predict.main([*arguments, "--output", str(output_dir / "predictions.csv")])
    with (output_dir / "predictions.csv").open(newline="", encoding="utf-8") as handle:
        assert list(csv.DictReader(handle)) == rows


def test_training_says_which_backend_and_devices_it_runs_on(config, capsys):
    train.report_runtime(config.train)
    out, err = capsys.readouterr()
    assert f"on {keras.backend.backend()}, devices " in out and not err
    train.report_runtime(dataclasses.replace(config.train, backend="elsewhere"), verbose=0)
    out, err = capsys.readouterr()
    assert not out and err.startswith(f"warning: Keras runs on {keras.backend.backend()}, not on elsewhere")


def test_the_config_refuses_a_precision_keras_does_not_have(config_path, tmp_path):
    path = tmp_path / "configs" / "default.toml"
    path.parent.mkdir()
    path.write_text(re.sub(r"^precision = .*$", 'precision = "float8"', config_path.read_text(), flags=re.MULTILINE))
    with pytest.raises(ValueError, match="train.precision is 'float8'; expected one of float32, "):
        load_config(path)


def test_the_history_plot_shows_each_loss_first():
    # Keras logs the compiled metrics before the loss; the plot puts the loss first, as training minimizes it.
    logged = ["accuracy", "loss", "learning_rate", "val_accuracy", "val_loss"]
    assert train.history_panels(logged, []) == [["loss", "accuracy"]]
    logged = ["price_mae", "price_loss", "species_accuracy", "species_loss", "loss", "val_loss", "val_price_mae"]
    panels = [["loss"], ["price_loss", "price_mae"], ["species_loss", "species_accuracy"]]
    assert train.history_panels(logged, ["price", "species"]) == panels


def test_learning_rate_is_halved_on_a_plateau_down_to_a_floor(config):
    callback = train.learning_rate_callback(config.train)
    assert isinstance(callback, keras.callbacks.ReduceLROnPlateau)
    assert callback.factor == 0.5 and callback.min_lr == config.train.learning_rate / 100
    assert callback.patience == config.train.reduce_lr_patience


def test_a_small_improvement_of_a_small_loss_keeps_the_rate(config):
    callback = train.learning_rate_callback(config.train)
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(config.train.learning_rate), loss="mse")
    callback.set_model(model)
    callback.on_train_begin()
    for epoch in range(3 * callback.patience):
        callback.on_epoch_end(epoch, {"val_loss": 0.02 - 1e-6 * epoch})
    assert abs(float(model.optimizer.learning_rate) - config.train.learning_rate) < 1e-9  # not halved
