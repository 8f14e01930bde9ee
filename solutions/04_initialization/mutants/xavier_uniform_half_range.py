# mutant: uniform on [0, limit) instead of [-limit, limit)
# replaces: xavier
# must lose: test_xavier
import numpy as np


def xavier_normal(shape, rng, gain=1.0):
    n_out, n_in = shape
    return gain * np.sqrt(2.0 / (n_in + n_out)) * rng.standard_normal(shape)


def xavier_uniform(shape, rng, gain=1.0):
    n_out, n_in = shape
    limit = gain * np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(0.0, limit, size=shape)
