# mutant: uniform limit sqrt(2 / fan) without the sqrt(3) factor
# replaces: he
# must lose: test_he
import numpy as np


def he_normal(shape, rng, gain=1.0, mode="fan_in"):
    var = gain**2 * 2.0 / _fan(shape, mode)
    return np.sqrt(var) * rng.standard_normal(shape)


def he_uniform(shape, rng, gain=1.0, mode="fan_in"):
    var = gain**2 * 2.0 / _fan(shape, mode)
    limit = np.sqrt(var)
    return rng.uniform(-limit, limit, size=shape)


def _fan(shape, mode):
    n_out, n_in = shape
    if mode == "fan_in":
        return n_in
    if mode == "fan_out":
        return n_out
    return (n_in + n_out) / 2
