"""Initial weights of the layer objects (`backprop.layers.Linear`, `backprop.mlp.MLP`).

The layer objects draw `W` of shape (n_out, n_in) with mean 0 and variance
gain**2 * c / fan, the variance-scaling rule lesson 04 states (c = 1 LeCun and Xavier, 2 He;
fan = n_in, or (n_in + n_out) / 2 for Xavier): normal draws `std * N(0, 1)`, uniform draws
`limit * U(-1, 1)` with limit = sqrt(3 * variance). Writing the initializers themselves is
lesson 04's exercise; this is only what the network objects of lessons 03 to 05 start from.
"""

from __future__ import annotations

import math

import numpy as np

from backprop._validate import check_choice, check_positive, check_rng

# scheme -> (c, fan, uniform)
SCHEMES = {
    "lecun_normal": (1.0, "fan_in", False),
    "xavier_normal": (1.0, "average", False),
    "xavier_uniform": (1.0, "average", True),
    "he_normal": (2.0, "fan_in", False),
    "he_uniform": (2.0, "fan_in", True),
}


def initial_weights(scheme: str, shape, rng=None, gain: float = 1.0, dtype=np.float64) -> np.ndarray:
    """W of `shape` (n_out, n_in) drawn by `scheme` (a name in SCHEMES) from `rng`, in `dtype`."""
    check_choice(scheme, "initializer", tuple(SCHEMES))
    n_out, n_in = (int(s) for s in shape)
    c, fan, uniform = SCHEMES[scheme]
    size = n_in if fan == "fan_in" else (n_in + n_out) / 2.0
    var = check_positive(gain, "gain") ** 2 * c / size
    dt = np.dtype(dtype)
    rng = check_rng(rng)
    if uniform:
        u = rng.random((n_out, n_in), dtype=dt)
        return (dt.type(2.0) * u - dt.type(1.0)) * dt.type(math.sqrt(3.0 * var))
    return rng.standard_normal((n_out, n_in), dtype=dt) * dt.type(math.sqrt(var))
