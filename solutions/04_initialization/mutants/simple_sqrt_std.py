# mutant: normal_init uses sqrt(std) as the standard deviation (std treated as a variance)
# replaces: simple_inits
# must lose: test_simple_inits
import numpy as np


def zeros_init(shape):
    return np.zeros(shape)


def constant_init(shape, value):
    return np.full(shape, float(value))


def normal_init(shape, std, rng):
    return np.sqrt(std) * rng.standard_normal(shape)
