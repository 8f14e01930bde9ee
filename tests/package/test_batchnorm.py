"""backprop_reference.batchnorm: forward statistics, both backward forms against central differences, errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_reference import batchnorm as BN
from support.finite_differences import vjp as numerical_vjp

seeds = st.integers(0, 2**32 - 1)


def _inputs(seed, B=5, n=4, scale=1.0):
    rng = np.random.default_rng(seed)
    return (rng.normal(scale=scale, size=(B, n)) + rng.normal(size=n),
            1 + rng.normal(scale=0.3, size=n), rng.normal(size=n), rng.normal(size=(B, n)))


def test_forward_normalizes_each_column_with_the_biased_variance():
    Z, _, _, _ = _inputs(0)
    out, _ = BN.batchnorm_forward(Z, np.ones(4), np.zeros(4), eps=1e-12)
    np.testing.assert_allclose(out.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(out.var(axis=0), 1, rtol=1e-9)        # ddof=0: divides by B


@settings(deadline=None, max_examples=25)
@given(seed=seeds, B=st.integers(2, 7), n=st.integers(1, 5))
def test_both_backward_forms_match_finite_differences(seed, B, n):
    Z, gamma, beta, G = _inputs(seed, B, n)
    _, cache = BN.batchnorm_forward(Z, gamma, beta)
    compact, steps = BN.batchnorm_backward(G, cache), BN.batchnorm_backward_steps(G, cache)
    expected = (numerical_vjp(lambda z: BN.batchnorm_forward(z, gamma, beta)[0], Z, G),
                numerical_vjp(lambda g: BN.batchnorm_forward(Z, g, beta)[0], gamma, G),
                numerical_vjp(lambda b: BN.batchnorm_forward(Z, gamma, b)[0], beta, G))
    for got_c, got_s, want in zip(compact, steps, expected):
        np.testing.assert_allclose(got_c, want, rtol=1e-5, atol=1e-7)
        np.testing.assert_allclose(got_s, got_c, rtol=1e-9, atol=1e-12)


def test_the_input_gradient_sums_to_zero_per_feature():
    """Shifting a whole column leaves the output unchanged, so dZ sums to 0 over the batch."""
    Z, gamma, beta, G = _inputs(3, B=8, n=3)
    dZ, _, _ = BN.batchnorm_backward(G, BN.batchnorm_forward(Z, gamma, beta)[1])
    np.testing.assert_allclose(dZ.sum(axis=0), 0, atol=1e-12)


def test_float32_is_kept():
    Z, gamma, beta, G = (a.astype(np.float32) for a in _inputs(1))
    out, cache = BN.batchnorm_forward(Z, gamma, beta)
    assert out.dtype == np.float32
    assert all(g.dtype == np.float32 for g in BN.batchnorm_backward(G, cache))


def test_bad_input_names_the_argument_and_shapes():
    Z, gamma, beta, G = _inputs(2)
    with pytest.raises(ValueError, match=r"gamma and beta must have shape \(n,\) = \(4,\).*\(3,\)"):
        BN.batchnorm_forward(Z, gamma[:3], beta)
    _, cache = BN.batchnorm_forward(Z, gamma, beta)
    with pytest.raises(ValueError, match=r"dOut must have the shape.*\(5, 4\).*\(4, 5\)"):
        BN.batchnorm_backward(G.T, cache)
    with pytest.raises(TypeError, match="cache"):
        BN.batchnorm_backward(G, (1, 2))
