"""Argument checks name the argument and the shapes involved."""

import numpy as np
import pytest

from backprop import _validate as v


def test_as_array_keeps_float_dtypes_and_converts_ints():
    assert v.as_array(np.ones(2, np.float32), "x").dtype == np.float32
    assert v.as_array([1, 2], "x").dtype == np.float64
    assert v.as_array(np.ones(2), "x", dtype=np.float32).dtype == np.float32


def test_as_array_errors_name_argument_and_shape():
    with pytest.raises(ValueError, match=r"A must have 2 dimension\(s\), got shape \(3,\)"):
        v.as_array(np.ones(3), "A", ndim=2)
    with pytest.raises(TypeError, match="W must be an array of numbers"):
        v.as_array(["a", "b"], "W")
    with pytest.raises(ValueError, match=r"x contains 1 NaN/inf value\(s\) \(shape \(2, 2\)\); the first is at index \(1, 0\)"):
        v.as_array([[0.0, 1.0], [np.nan, 2.0]], "x", finite=True)


def test_check_shape_and_same_shape():
    v.check_shape(np.ones((4, 3)), "A", (None, 3))
    with pytest.raises(ValueError, match=r"W must have shape \(2, 3\), got \(3, 2\)\. hint"):
        v.check_shape(np.ones((3, 2)), "W", (2, 3), hint="hint")
    with pytest.raises(ValueError, match=r"dw and w must have the same shape, got \(2,\) and \(3,\)"):
        v.check_same_shape(np.ones(2), "dw", np.ones(3), "w")


def test_choice_positive_rng():
    assert v.check_choice("relu", "activation", ("relu", "tanh")) == "relu"
    with pytest.raises(ValueError, match="unknown activation 'elu'; choose one of 'relu', 'tanh'"):
        v.check_choice("elu", "activation", ("relu", "tanh"))
    assert v.check_positive(0.1, "lr") == 0.1
    with pytest.raises(ValueError, match="lr must be a finite number > 0, got -1"):
        v.check_positive(-1, "lr")
    assert isinstance(v.check_rng(3), np.random.Generator)
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        v.check_rng(np.random.RandomState(0))
