"""Write series as CSV files: the power a town draws, or a recorded membrane potential.

    python scripts/write_series.py town-power FILE   # 16 weeks of hours: time, temperature, power
    python scripts/write_series.py membrane FILE     # 12,000 samples of one recorded voltage

Nothing is downloaded: the series is computed from a fixed seed, and has what real load
curves have. Temperature follows the day and drifts with the weather (an AR(1) process);
power follows the hour of the day (a morning and an evening peak), drops on weekends,
rises with heating and cooling away from 18 degrees, and wanders with noise that carries
over from hour to hour. So yesterday at the same hour (seasonal naive, period 24) and the
last hour (persistence) are both good guesses, and a model can beat them only by reading
the level, the weather and the day at once.

`membrane` is a real recording that ships inside matplotlib (its `membrane.dat` sample):
a neuron's membrane potential, flat between sudden spikes, one column `voltage` in rows
already in time order (no time column).
"""

import csv
import sys
from pathlib import Path

import numpy as np
from matplotlib import cbook

HOURS = 16 * 7 * 24
START = np.datetime64("2025-01-06T00:00")  # a Monday


def town_power(hours: int = HOURS, seed: int = 7) -> dict[str, np.ndarray]:
    """Columns `time`, `temperature` (degrees C) and `power` (MW), one row per hour."""
    rng = np.random.default_rng(seed)
    hour = np.arange(hours)
    of_day, day = hour % 24, hour // 24
    weather = _ar1(rng, hours, 0.995, 0.35)
    temperature = 12 + 6 * np.sin(2 * np.pi * (of_day - 9) / 24) + 4 * np.sin(2 * np.pi * day / 60) + weather
    peaks = np.exp(-(((of_day - 8) / 2.0) ** 2)) + 1.3 * np.exp(-(((of_day - 19) / 2.5) ** 2))
    weekend = np.isin(day % 7, (5, 6))
    power = 60 + 25 * peaks - 12 * weekend + 1.5 * np.abs(temperature - 18) + _ar1(rng, hours, 0.9, 1.5)
    return {
        "time": (START + hour.astype("timedelta64[h]")).astype("datetime64[m]").astype(str),
        "temperature": temperature.round(2).astype(str),
        "power": power.round(2).astype(str),
    }


def membrane() -> dict[str, np.ndarray]:
    """Column `voltage`: matplotlib's sample recording, as written there (float32)."""
    voltage = np.fromfile(cbook.get_sample_data("membrane.dat", asfileobj=False), dtype="<f4")
    return {"voltage": voltage.astype(str)}


def _ar1(rng: np.random.Generator, length: int, keep: float, scale: float) -> np.ndarray:
    """A series where each value keeps `keep` of the one before, plus normal noise of `scale`."""
    noise = rng.normal(0.0, scale, length)
    values = np.empty(length)
    values[0] = noise[0]
    for index in range(1, length):
        values[index] = keep * values[index - 1] + noise[index]
    return values


def write(path: Path, columns: dict[str, np.ndarray]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(list(columns))
        writer.writerows(zip(*columns.values(), strict=True))


if __name__ == "__main__":
    kinds = {"town-power": town_power, "membrane": membrane}
    if len(sys.argv) != 3 or sys.argv[1] not in kinds:
        sys.exit(__doc__)
    write(Path(sys.argv[2]), kinds[sys.argv[1]]())
