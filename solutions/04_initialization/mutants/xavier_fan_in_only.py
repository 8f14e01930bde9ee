# mutant: Xavier with Var = 1 / n_in (LeCun) in both
# replaces: xavier
# must lose: test_xavier
import numpy as np


def xavier_normal(shape, rng, gain=1.0):
    n_out, n_in = shape
    return gain * np.sqrt(1.0 / n_in) * rng.standard_normal(shape)


def xavier_uniform(shape, rng, gain=1.0):
    n_out, n_in = shape
    limit = gain * np.sqrt(3.0 / n_in)
    return rng.uniform(-limit, limit, size=shape)
