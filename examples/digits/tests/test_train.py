"""One real epoch through train, evaluate and predict, and the learning-rate schedule."""

import math

import keras
import pytest

from digits import predict, train
from digits.evaluate import evaluate


@pytest.mark.slow
def test_one_epoch_writes_the_model_history_and_plot(config, config_path, data_path, capsys):
    history = train.train(config, verbose=0)
    output_dir = config.train.output_dir
    assert len(history.epoch) == 1
    for name in ("model.keras", "best.keras", "history.csv", "history.png", "classes.json"):
        assert (output_dir / name).stat().st_size > 0, name
    assert (output_dir / "history.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "val_loss" in (output_dir / "history.csv").read_text().splitlines()[0]

    results = evaluate(config, output_dir / "model.keras")
    assert results["model"].keys() == results["baseline"].keys()
    assert all(math.isfinite(value) for scores in results.values() for value in scores.values())

    predict.main([str(data_path), "--model", str(output_dir / "model.keras"), "--config", str(config_path)])
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) >= 8


def test_learning_rate_is_halved_before_training_stops(config):
    callback = train.learning_rate_callback(config.train)
    assert isinstance(callback, keras.callbacks.ReduceLROnPlateau)
    assert callback.factor == 0.5 and callback.min_lr == config.train.learning_rate / 100
    assert 1 <= callback.patience < config.train.early_stopping_patience
