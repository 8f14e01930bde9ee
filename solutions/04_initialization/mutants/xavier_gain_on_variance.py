# mutant: the gain multiplies the variance instead of the standard deviation
# replaces: xavier
# must lose: test_xavier
import numpy as np


def xavier_normal(shape, rng, gain=1.0):
    n_out, n_in = shape
    return np.sqrt(gain * 2.0 / (n_in + n_out)) * rng.standard_normal(shape)


def xavier_uniform(shape, rng, gain=1.0):
    n_out, n_in = shape
    limit = np.sqrt(gain * 6.0 / (n_in + n_out))
    return rng.uniform(-limit, limit, size=shape)
