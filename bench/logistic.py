"""A logistic regression for the tuning benches (bench/rerank_tune.py, bench/span_tune.py).

Both fit a ranking's weights as the coefficients of "this candidate is the right one" on its
features, over a few thousand candidates of a hundred-odd questions: small enough for Newton's
method in numpy, with no fitting library to install.
"""

from __future__ import annotations

import numpy as np


def fit_logistic(x: np.ndarray, y: np.ndarray, weight: np.ndarray, l2: float) -> np.ndarray:
    """The coefficients of each column of `x` (in its own units) of a logistic regression of
    `y` (0 or 1), each row weighed by `weight`, L2-regularised on standardised columns, with
    an unregularised constant (not returned: a ranking does not need it)."""
    mean, spread = x.mean(axis=0), x.std(axis=0)
    spread[spread == 0] = 1.0
    z = np.hstack([(x - mean) / spread, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-z @ w))
        gradient = z.T @ (weight * (p - y)) + penalty * w
        hessian = (z * (weight * p * (1 - p))[:, None]).T @ z + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1] / spread
