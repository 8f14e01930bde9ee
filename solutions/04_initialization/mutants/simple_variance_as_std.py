# mutant: normal_init uses std**2 as the standard deviation
# replaces: simple_inits
# must lose: test_simple_inits
import numpy as np


def zeros_init(shape):
    return np.zeros(shape)


def constant_init(shape, value):
    return np.full(shape, float(value))


def normal_init(shape, std, rng):
    return std**2 * rng.standard_normal(shape)
