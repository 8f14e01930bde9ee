# mutant: constant_init always fills with ones
# replaces: simple_inits
# must lose: test_simple_inits
import numpy as np


def zeros_init(shape):
    return np.zeros(shape)


def constant_init(shape, value):
    return np.ones(shape)


def normal_init(shape, std, rng):
    return std * rng.standard_normal(shape)
