"""backprop.losses: values from the definitions, gradients against central differences, stability."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from backprop_reference.losses import mse_loss, softmax_cross_entropy
from support.finite_differences import gradient as numerical_gradient

seeds = st.integers(0, 2**32 - 1)


@given(B=st.integers(1, 6), k=st.integers(1, 5), seed=seeds)
def test_mse_value_and_gradient(B, k, seed):
    rng = np.random.default_rng(seed)
    Y_hat, Y = rng.normal(size=(B, k)), rng.normal(size=(B, k))
    loss, d = mse_loss(Y_hat, Y)
    per_example = [sum((Y_hat[i, j] - Y[i, j]) ** 2 for j in range(k)) for i in range(B)]
    assert loss == pytest.approx(sum(per_example) / B, rel=1e-12)    # mean over batch, sum over outputs
    assert d.shape == Y_hat.shape
    np.testing.assert_allclose(d, numerical_gradient(lambda x: mse_loss(x, Y)[0], Y_hat),
                               rtol=1e-6, atol=1e-9)


def test_mse_one_dimensional_targets():
    loss, d = mse_loss(np.array([1.0, 3.0]), np.array([0.0, 0.0]))
    assert loss == 5.0 and d.shape == (2,)
    np.testing.assert_allclose(d, [1.0, 3.0])


@given(B=st.integers(1, 6), C=st.integers(2, 6), seed=seeds, scale=st.sampled_from([0.1, 1.0, 5.0]))
def test_cross_entropy_value_and_gradient(B, C, seed, scale):
    rng = np.random.default_rng(seed)
    logits, y = rng.normal(scale=scale, size=(B, C)), rng.integers(0, C, B)
    loss, d = softmax_cross_entropy(logits, y)
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)     # naive, fine at this scale
    assert loss == pytest.approx(-np.mean(np.log(p[np.arange(B), y])), rel=1e-10)
    assert d.shape == logits.shape
    # a central difference rounds to about eps |loss| / h (h = 1e-6): at scale 5 the loss reaches
    # ~20 and that floor ~4e-9, so the absolute tolerance follows the loss, 10x above its floor
    rounding_floor = np.finfo(np.float64).eps * max(1.0, abs(loss)) / 1e-6
    np.testing.assert_allclose(d, numerical_gradient(lambda z: softmax_cross_entropy(z, y)[0], logits),
                               rtol=1e-6, atol=10 * rounding_floor)
    np.testing.assert_allclose(d.sum(axis=1), 0.0, atol=1e-15)           # each row of P - onehot sums to 0


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("scale", [1e3, 1e4])
def test_cross_entropy_stable_for_huge_logits(dtype, scale):
    logits = np.array([[1.0, 0.0, -1.0], [0.0, 1.0, 0.0], [1.0, 1.0, 0.0]], dtype=dtype) * dtype(scale)
    y = np.array([1, 1, 2])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        loss, d = softmax_cross_entropy(logits, y)
    # row 0: -log p_1 = scale (the other terms are e^-scale); row 1: 0; row 2: scale + log 2
    expected = (scale + 0.0 + scale + np.log(2.0)) / 3
    assert loss == pytest.approx(expected, rel=1e-6)
    expected_d = np.array([[1, -1, 0], [0, 0, 0], [0.5, 0.5, -1]]) / 3
    np.testing.assert_allclose(d, expected_d, atol=1e-7)
    assert d.dtype == dtype


def test_cross_entropy_shift_invariance_at_1e4():
    rng = np.random.default_rng(0)
    z, y = rng.normal(size=(4, 5)), rng.integers(0, 5, 4)
    l0, d0 = softmax_cross_entropy(z, y)
    l1, d1 = softmax_cross_entropy(z + 1e4, y)
    assert l1 == pytest.approx(l0, rel=1e-9)
    np.testing.assert_allclose(d1, d0, atol=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_gradient_dtype_and_float_loss(dtype):
    z = np.ones((2, 3), dtype)
    loss, d = softmax_cross_entropy(z, np.array([0, 2]))
    assert isinstance(loss, float) and d.dtype == dtype
    loss, d = mse_loss(z, np.zeros((2, 3), dtype))
    assert isinstance(loss, float) and d.dtype == dtype and loss == 3.0


def test_inputs_are_not_modified():
    z, Y = np.ones((2, 3)), np.zeros((2, 3))
    softmax_cross_entropy(z, np.array([0, 1]))
    mse_loss(z, Y)
    np.testing.assert_array_equal(z, 1.0)
    np.testing.assert_array_equal(Y, 0.0)


def test_errors():
    with pytest.raises(ValueError, match=r"Y_hat and Y must have the same shape .* \(3, 2\) and Y \(2, 3\)"):
        mse_loss(np.ones((3, 2)), np.ones((2, 3)))
    with pytest.raises(ValueError, match="Y contains 1 NaN"):
        mse_loss(np.ones((2, 1)), np.array([[0.0], [np.nan]]))
    with pytest.raises(ValueError, match=r"labels in y must lie in \[0, 3\)"):
        softmax_cross_entropy(np.ones((2, 3)), np.array([0, 3]))
    with pytest.raises(TypeError, match="y must hold integer class labels"):
        softmax_cross_entropy(np.ones((2, 3)), np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match=r"y must have shape \(2,\)"):
        softmax_cross_entropy(np.ones((2, 3)), np.array([0, 1, 2]))
    with pytest.raises(ValueError, match=r"y must be a 1-D array"):
        softmax_cross_entropy(np.ones((2, 3)), np.array([[0], [1]]))
    with pytest.raises(ValueError, match="logits contains 1 NaN/inf"):
        softmax_cross_entropy(np.array([[0.0, np.inf]]), np.array([0]))
    with pytest.raises(ValueError, match="logits must have 2 dimension"):
        softmax_cross_entropy(np.ones(3), np.array([0]))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_mse_rejects_nan_and_inf_in_the_prediction_like_cross_entropy(bad):
    Y_hat = np.zeros((3, 2))
    Y_hat[1, 0] = bad
    with pytest.raises(ValueError, match=r"Y_hat contains 1 NaN/inf value\(s\).*index \(1, 0\)"):
        mse_loss(Y_hat, np.zeros((3, 2)))
    logits = np.zeros((3, 2))
    logits[1, 0] = bad
    with pytest.raises(ValueError, match=r"logits contains 1 NaN/inf value\(s\).*index \(1, 0\)"):
        softmax_cross_entropy(logits, np.array([0, 1, 0]))


@pytest.mark.parametrize("pred_dtype, target_dtype", [(np.float32, np.float64), (np.float64, np.float32),
                                                      (np.float32, np.float32)])
def test_mse_gradient_has_the_predictions_dtype_with_mixed_inputs(pred_dtype, target_dtype):
    rng = np.random.default_rng(2)
    Y_hat, Y = rng.normal(size=(4, 3)).astype(pred_dtype), rng.normal(size=(4, 3)).astype(target_dtype)
    loss, d = mse_loss(Y_hat, Y)
    assert isinstance(loss, float) and d.dtype == pred_dtype
    y_hat64, y64 = Y_hat.astype(np.float64), Y.astype(np.float64)   # the values actually given
    assert loss == pytest.approx(float(np.sum((y_hat64 - y64) ** 2)) / 4, rel=1e-6)
    np.testing.assert_allclose(d, numerical_gradient(lambda x: mse_loss(x, y64)[0], y_hat64),
                               rtol=1e-5, atol=1e-7)


def test_cross_entropy_gradient_has_the_logits_dtype_for_any_label_dtype():
    logits = np.random.default_rng(3).normal(size=(4, 3)).astype(np.float32)
    for labels in (np.array([0, 2, 1, 1], dtype=np.int64), np.array([0, 2, 1, 1], dtype=np.uint8)):
        loss, d = softmax_cross_entropy(logits, labels)
        assert isinstance(loss, float) and d.dtype == np.float32
        np.testing.assert_allclose(
            d, numerical_gradient(lambda z: softmax_cross_entropy(z, labels)[0], logits.astype(np.float64)),
            rtol=1e-4, atol=1e-6)
