# mutant: normal_init draws uniform on [-std, std]
# replaces: simple_inits
# must lose: test_simple_inits
import numpy as np


def zeros_init(shape):
    return np.zeros(shape)


def constant_init(shape, value):
    return np.full(shape, float(value))


def normal_init(shape, std, rng):
    return rng.uniform(-std, std, size=shape)
