"""One real epoch through train, evaluate and predict."""

import math

import pytest

from digits_table import predict
from digits_table.evaluate import evaluate
from digits_table.train import learning_rate_at, train


def test_one_epoch_writes_the_model_history_and_plot(config, config_path, data_path, capsys):
    history = train(config, verbose=0)
    output_dir = config.train.output_dir
    assert len(history.epoch) == 1
    for name in ("model.keras", "best.keras", "history.csv", "history.png", "classes.json"):
        assert (output_dir / name).stat().st_size > 0, name
    assert (output_dir / "history.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "val_loss" in (output_dir / "history.csv").read_text().splitlines()[0]

    results = evaluate(config, output_dir / "model.keras")
    assert math.isfinite(results["loss"])

    predict.main([str(data_path), "--model", str(output_dir / "model.keras"), "--config", str(config_path)])
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) >= 8


def test_learning_rate_falls_from_the_initial_rate_to_zero(config):
    epochs = 10
    config.train.epochs = epochs
    rates = [learning_rate_at(epoch, config.train) for epoch in range(epochs + 1)]
    assert rates[0] == pytest.approx(config.train.learning_rate)
    assert rates == sorted(rates, reverse=True)
    assert rates[-1] == pytest.approx(0.0, abs=1e-12)
