# mutant: arrays of shape (n_in, n_out) instead of (n_out, n_in)
# replaces: xavier
# must lose: test_xavier
import numpy as np


def xavier_normal(shape, rng, gain=1.0):
    n_out, n_in = shape
    return gain * np.sqrt(2.0 / (n_in + n_out)) * rng.standard_normal((n_in, n_out))


def xavier_uniform(shape, rng, gain=1.0):
    n_out, n_in = shape
    limit = gain * np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-limit, limit, size=(n_in, n_out))
