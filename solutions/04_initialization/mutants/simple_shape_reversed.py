# mutant: zeros_init and constant_init build (n_in, n_out)
# replaces: simple_inits
# must lose: test_simple_inits
import numpy as np


def zeros_init(shape):
    return np.zeros(tuple(shape)[::-1])


def constant_init(shape, value):
    return np.full(tuple(shape)[::-1], float(value))


def normal_init(shape, std, rng):
    return std * rng.standard_normal(shape)
