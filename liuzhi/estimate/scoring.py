"""Proper scores for predictions given as draws (Gneiting & Raftery 2007).

All scores here are on the log1p scale unless the caller transforms otherwise, so that a
province of 300 and a nation of 38,000 weigh alike. Lower is better for CRPS and the
interval score.
"""

from __future__ import annotations

import numpy as np


def crps(draws: np.ndarray, truth: float) -> float:
    """CRPS of an ensemble: E|X − y| − ½ E|X − X'|, from sorted draws in O(m log m)."""
    x = np.sort(np.asarray(draws, dtype=float).ravel())
    m = x.size
    if m == 0:
        raise ValueError("no draws to score")
    spread = np.sum((2 * np.arange(1, m + 1) - m - 1) * x) / m**2
    return float(np.mean(np.abs(x - truth)) - spread)


def log_crps(draws: np.ndarray, truth: float) -> float:
    """CRPS on the log1p scale."""
    return crps(np.log1p(np.asarray(draws, dtype=float)), float(np.log1p(truth)))


def interval_score(low: float, high: float, truth: float, level: float) -> float:
    """Interval score of a central interval at ``level`` (e.g. 0.9): width plus 2/a times
    the miss, a = 1 − level."""
    a = 1 - level
    return float((high - low) + (2 / a) * max(low - truth, 0.0) + (2 / a) * max(truth - high, 0.0))


def central(draws: np.ndarray, level: float) -> tuple[float, float]:
    """Equal-tailed interval of the draws."""
    tail = (1 - level) / 2
    low, high = np.quantile(np.asarray(draws, dtype=float), [tail, 1 - tail])
    return float(low), float(high)


def pit(draws: np.ndarray, truth: float) -> float:
    """Probability integral transform: the share of draws below the truth, ties halved."""
    x = np.asarray(draws, dtype=float)
    return float(np.mean(x < truth) + 0.5 * np.mean(x == truth))


def skill(model: np.ndarray, baseline: np.ndarray) -> float:
    """CRPS skill score 1 − mean(model)/mean(baseline)."""
    return float(1 - np.mean(model) / np.mean(baseline))


def skill_interval(model: np.ndarray, baseline: np.ndarray, groups: np.ndarray,
                   *, level: float = 0.9, resamples: int = 2000,
                   seed: int = 0) -> tuple[float, float]:
    """Paired bootstrap interval for the skill score, resampling whole groups (provinces)."""
    model, baseline, groups = np.asarray(model), np.asarray(baseline), np.asarray(groups)
    labels = np.unique(groups)
    members = [np.flatnonzero(groups == g) for g in labels]
    rng = np.random.default_rng(seed)
    values = np.empty(resamples)
    for b in range(resamples):
        picked = np.concatenate([members[k] for k in rng.integers(0, len(labels), len(labels))])
        values[b] = skill(model[picked], baseline[picked])
    tail = (1 - level) / 2
    low, high = np.quantile(values, [tail, 1 - tail])
    return float(low), float(high)
