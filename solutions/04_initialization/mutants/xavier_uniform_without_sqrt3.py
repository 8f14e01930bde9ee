# mutant: uniform limit sqrt(2 / (n_in + n_out)) without the sqrt(3) factor
# replaces: xavier
# must lose: test_xavier
import numpy as np


def xavier_normal(shape, rng, gain=1.0):
    n_out, n_in = shape
    return gain * np.sqrt(2.0 / (n_in + n_out)) * rng.standard_normal(shape)


def xavier_uniform(shape, rng, gain=1.0):
    n_out, n_in = shape
    limit = gain * np.sqrt(2.0 / (n_in + n_out))
    return rng.uniform(-limit, limit, size=shape)
