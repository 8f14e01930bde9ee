"""tests/support/finite_differences.py, the oracle every test trusts: checked against
derivatives known in closed form, layout, and that the caller's array is left alone."""

import numpy as np
import pytest

from support.finite_differences import derivative, gradient, jacobian, vjp


def test_derivative_of_a_scalar_and_elementwise_function():
    assert derivative(np.sin, 0.7) == pytest.approx(np.cos(0.7), rel=1e-9)
    assert isinstance(derivative(np.exp, 1.0), float)
    v = np.array([1.0, -2.0])                                # along a line: f(t) an array
    np.testing.assert_allclose(derivative(lambda t: np.sin(t * v), 0.3), v * np.cos(0.3 * v), rtol=1e-8)
    z = np.linspace(-2.0, 2.0, 9).reshape(3, 3)
    np.testing.assert_allclose(derivative(np.tanh, z), 1 - np.tanh(z) ** 2, rtol=1e-8)


def test_gradient_of_a_quadratic_form():
    rng = np.random.default_rng(0)
    M, x = rng.normal(size=(4, 4)), rng.normal(size=4)
    np.testing.assert_allclose(gradient(lambda v: v @ M @ v, x), (M + M.T) @ x, rtol=1e-7)


def test_jacobian_is_numerator_layout_and_vjp_agrees_with_it():
    rng = np.random.default_rng(1)
    W, x = rng.normal(size=(3, 5)), rng.normal(size=5)
    J = jacobian(lambda v: np.tanh(W @ v), x)
    assert J.shape == (3, 5)                                 # (m, n): rows are outputs
    np.testing.assert_allclose(J, (1 - np.tanh(W @ x) ** 2)[:, None] * W, rtol=1e-7)
    G = rng.normal(size=3)
    np.testing.assert_allclose(vjp(lambda v: np.tanh(W @ v), x, G), G @ J, rtol=1e-7)


def test_a_function_returning_its_own_input_gives_the_identity():
    np.testing.assert_allclose(jacobian(lambda v: v, np.arange(3.0)), np.eye(3), atol=1e-9)
    np.testing.assert_allclose(vjp(lambda v: v, np.arange(3.0), [1.0, 2.0, 3.0]), [1, 2, 3], rtol=1e-9)


def test_matrix_input_and_output_flatten_in_C_order():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(2, 3))
    J = jacobian(lambda A: A.T ** 2, X)                     # f(X) has shape (3, 2)
    expected = np.zeros((6, 6))
    for i, (r, c) in enumerate(np.ndindex(3, 2)):           # output (r, c) is X[c, r]^2
        expected[i, np.ravel_multi_index((c, r), X.shape)] = 2 * X[c, r]
    np.testing.assert_allclose(J, expected, rtol=1e-7, atol=1e-10)


def test_the_callers_array_is_not_modified_and_float32_is_read_as_float64():
    x = np.array([0.5, -1.25, 2.0], dtype=np.float32)
    before = x.copy()
    g = gradient(lambda v: np.sum(v ** 3), x)
    vjp(lambda v: v ** 2, x, np.ones(3))
    jacobian(np.sin, x)
    derivative(np.sin, x)
    np.testing.assert_array_equal(x, before)
    assert g.dtype == np.float64
    np.testing.assert_allclose(g, 3 * before.astype(np.float64) ** 2, rtol=1e-7)


def test_vjp_rejects_G_of_the_wrong_shape():
    with pytest.raises(ValueError, match=r"G has shape \(2,\).*\(3,\)"):
        vjp(np.sin, np.zeros(3), np.ones(2))
