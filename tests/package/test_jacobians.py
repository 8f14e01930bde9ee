"""backprop.jacobians: every analytic Jacobian and VJP against central differences (float64)."""

import numpy as np
import pytest
from hypothesis import given, strategies as st

from backprop import activations
from backprop_reference import jacobians as J
from support.finite_differences import derivative
from support.finite_differences import gradient as numerical_gradient
from support.finite_differences import jacobian as numerical_jacobian
from support.finite_differences import vjp as numerical_vjp

dims = st.integers(1, 6)
seeds = st.integers(0, 10_000)
acts = st.sampled_from(["sigmoid", "tanh", "relu", "identity"])
G = {"sigmoid": activations.sigmoid, "tanh": np.tanh, "relu": activations.relu, "identity": lambda z: z}


def away_from_kinks(z, margin=1e-3):
    """Move entries near 0 (ReLU's kink) out by `margin`, so central differences are valid."""
    z = np.array(z, dtype=float)
    z[np.abs(z) < margin] = margin
    return z


def close(a, b, rtol=1e-6, atol=1e-8):
    np.testing.assert_allclose(a, b, rtol=rtol, atol=atol)


@given(n_in=dims, n_out=dims, seed=seeds)
def test_affine_jacobians_match_numerical(n_in, n_out, seed):
    rng = np.random.default_rng(seed)
    W, b, h = rng.normal(size=(n_out, n_in)), rng.normal(size=n_out), rng.normal(size=n_in)
    J_h, J_b = J.affine_jacobians(W, b)
    assert J_h.shape == (n_out, n_in) and J_b.shape == (n_out, n_out)
    close(J_h, numerical_jacobian(lambda x: W @ x + b, h))
    close(J_b, numerical_jacobian(lambda c: W @ h + c, b))
    # denominator layout is the transpose: d z / d h written (n_in, n_out) is W^T
    close(J.affine_jacobian_input(W).T, numerical_jacobian(lambda x: W @ x + b, h).T)


@given(B=dims, n_in=dims, n_out=dims, seed=seeds)
def test_affine_vjp_single_and_batch(B, n_in, n_out, seed):
    rng = np.random.default_rng(seed)
    W, b = rng.normal(size=(n_out, n_in)), rng.normal(size=n_out)
    H, V = rng.normal(size=(B, n_in)), rng.normal(size=(B, n_out))
    close(J.affine_vjp(W, V), numerical_vjp(lambda X: X @ W.T + b, H, V))
    close(J.affine_vjp(W, V[0]), numerical_vjp(lambda x: W @ x + b, H[0], V[0]))


@given(n=dims, act=acts, seed=seeds)
def test_elementwise_jacobian_is_diagonal_of_derivative(n, act, seed):
    z = away_from_kinks(np.random.default_rng(seed).normal(size=n) * 2)
    got = J.elementwise_jacobian(z, act)
    assert got.shape == (n, n)
    close(got, numerical_jacobian(G[act], z))
    named = {"sigmoid": J.sigmoid_jacobian, "tanh": J.tanh_jacobian, "relu": J.relu_jacobian}
    if act in named:
        np.testing.assert_array_equal(named[act](z), got)


@given(B=dims, n=dims, act=acts, seed=seeds)
def test_elementwise_vjp_matches_numerical(B, n, act, seed):
    rng = np.random.default_rng(seed)
    Z, V = away_from_kinks(rng.normal(size=(B, n)) * 2), rng.normal(size=(B, n))
    close(J.elementwise_vjp(Z, V, act), numerical_vjp(G[act], Z, V))


@given(n=dims, seed=seeds, scale=st.sampled_from([0.1, 1.0, 5.0]))
def test_softmax_jacobian_matches_numerical(n, seed, scale):
    z = np.random.default_rng(seed).normal(size=n) * scale
    got = J.softmax_jacobian(z)
    close(got, numerical_jacobian(activations.softmax, z))
    close(got, got.T, rtol=0, atol=1e-15)                 # symmetric
    close(got.sum(axis=1), np.zeros(n), rtol=0, atol=1e-12)  # rows sum to 0


def test_softmax_jacobian_batch_and_large_logits():
    rng = np.random.default_rng(0)
    Z = rng.normal(size=(3, 4))
    batch = J.softmax_jacobian(Z)
    assert batch.shape == (3, 4, 4)
    for i in range(3):
        close(batch[i], J.softmax_jacobian(Z[i]), rtol=0, atol=0)
    big = J.softmax_jacobian(np.array([1e4, 0.0, -1e4]))
    assert np.all(np.isfinite(big))
    close(big, np.zeros((3, 3)), rtol=0, atol=1e-300)     # one-hot p: flat softmax, zero Jacobian


@given(B=dims, n=dims, seed=seeds)
def test_softmax_vjp_matches_numerical_and_explicit_product(B, n, seed):
    rng = np.random.default_rng(seed)
    Z, V = rng.normal(size=(B, n)) * 2, rng.normal(size=(B, n))
    got = J.softmax_vjp(Z, V)
    close(got, numerical_vjp(activations.softmax, Z, V))
    explicit = np.einsum("bij,bi->bj", J.softmax_jacobian(Z), V)
    close(got, explicit, rtol=1e-12, atol=1e-14)


@given(n=st.integers(2, 6), seed=seeds)
def test_xent_logit_grad_is_p_minus_onehot(n, seed):
    rng = np.random.default_rng(seed)
    z, y = rng.normal(size=n), int(rng.integers(n))
    close(J.xent_logit_grad(z, y), numerical_gradient(lambda t: -float(np.log(activations.softmax(t)[y])), z))
    Z, Y = rng.normal(size=(3, n)), rng.integers(0, n, size=3)
    rows = J.xent_logit_grad(Z, Y)
    for i in range(3):
        close(rows[i], J.xent_logit_grad(Z[i], int(Y[i])), rtol=0, atol=0)


@given(n_in=dims, n_out=dims, act=acts, seed=seeds)
def test_layer_jacobian_is_diag_gprime_times_W(n_in, n_out, act, seed):
    rng = np.random.default_rng(seed)
    W, h = rng.normal(size=(n_out, n_in)), rng.normal(size=n_in)
    if act == "relu" and np.any(np.abs(W @ h) < 1e-3):
        h = h + 0.01                                     # stay off the kink (rarely needed)
    got = J.layer_jacobian(W, h, act)
    close(got, numerical_jacobian(lambda x: G[act](W @ x), h))


@given(n_in=dims, n_out=dims, seed=seeds)
def test_linear_grads_single_example(n_in, n_out, seed):
    rng = np.random.default_rng(seed)
    W, b, h, c = rng.normal(size=(n_out, n_in)), rng.normal(size=n_out), rng.normal(size=n_in), rng.normal(size=n_out)
    loss = lambda W_, b_: float(np.sum(np.sin(W_ @ h + b_) * c))   # noqa: E731
    delta = np.cos(W @ h + b) * c                                  # dL/dz
    dW, db = J.linear_grads_single(delta, h)
    assert dW.shape == W.shape and db.shape == b.shape
    close(dW, numerical_gradient(lambda W_: loss(W_, b), W))
    close(db, numerical_gradient(lambda b_: loss(W, b_), b))


@given(B=dims, n_in=dims, n_out=dims, seed=seeds)
def test_linear_grads_batch_mean_and_sum(B, n_in, n_out, seed):
    rng = np.random.default_rng(seed)
    W, b = rng.normal(size=(n_out, n_in)), rng.normal(size=n_out)
    A, C = rng.normal(size=(B, n_in)), rng.normal(size=(B, n_out))
    per_example = lambda W_, b_: np.sum(np.sin(A @ W_.T + b_) * C, axis=1)   # noqa: E731
    Delta = np.cos(A @ W.T + b) * C                                          # rows: d loss_i / d z_i
    dW, db = J.linear_grads_batch(Delta, A)
    close(dW, numerical_gradient(lambda W_: float(per_example(W_, b).mean()), W))
    close(db, numerical_gradient(lambda b_: float(per_example(W, b_).mean()), b))
    dW_s, db_s = J.linear_grads_batch(Delta, A, reduction="sum")
    close(dW_s, numerical_gradient(lambda W_: float(per_example(W_, b).sum()), W))
    close(db_s, B * db)


def test_batch_of_one_equals_single_example():
    rng = np.random.default_rng(1)
    delta, h = rng.normal(size=3), rng.normal(size=4)
    single = J.linear_grads_single(delta, h)
    batch = J.linear_grads_batch(delta[None, :], h[None, :])
    for s, b in zip(single, batch):
        close(s, b, rtol=1e-15, atol=0)


@given(B=dims, n_in=dims, C=st.integers(2, 5), seed=seeds)
def test_softmax_regression_gradient_and_hvp(B, n_in, C, seed):
    rng = np.random.default_rng(seed)
    W, X, y, V = rng.normal(size=(C, n_in)), rng.normal(size=(B, n_in)), rng.integers(0, C, B), rng.normal(size=(C, n_in))
    loss, grad = J.softmax_regression_loss_grad(W, X, y)
    close(grad, numerical_gradient(lambda W_: J.softmax_regression_loss_grad(W_, X, y)[0], W))
    # a finite difference of gradients along V: d/dt grad(W + t V) at t = 0
    fd = derivative(lambda t: J.softmax_regression_loss_grad(W + t * V, X, y)[1], 0.0, h=1e-5)
    close(J.softmax_regression_hvp(W, X, y, V), fd, rtol=1e-5, atol=1e-8)


def test_hvp_is_the_hessian_times_v():
    rng = np.random.default_rng(2)
    W, X, y = rng.normal(size=(3, 2)), rng.normal(size=(5, 2)), rng.integers(0, 3, 5)
    grad = lambda w: J.softmax_regression_loss_grad(w.reshape(3, 2), X, y)[1].ravel()   # noqa: E731
    H = numerical_jacobian(grad, W.ravel(), h=1e-5)
    V = rng.normal(size=(3, 2))
    close(J.softmax_regression_hvp(W, X, y, V).ravel(), H @ V.ravel(), rtol=1e-5, atol=1e-8)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtypes_are_preserved(dtype):
    rng = np.random.default_rng(3)
    W, b = rng.normal(size=(3, 4)).astype(dtype), rng.normal(size=3).astype(dtype)
    z, V, A = rng.normal(size=3).astype(dtype), rng.normal(size=(2, 3)).astype(dtype), rng.normal(size=(2, 4)).astype(dtype)
    outs = [*J.affine_jacobians(W, b), J.affine_vjp(W, V), J.sigmoid_jacobian(z), J.elementwise_vjp(V, V, "tanh"),
            J.softmax_jacobian(z), J.softmax_vjp(V, V), J.layer_jacobian(W, A[0], "relu"),
            *J.linear_grads_single(z, A[0]), *J.linear_grads_batch(V, A), J.xent_logit_grad(z, 1)]
    assert all(o.dtype == dtype for o in outs), [o.dtype for o in outs]


def test_errors_name_arguments_and_shapes():
    W = np.ones((3, 4))
    with pytest.raises(ValueError, match=r"b must have shape \(3,\), got \(4,\)"):
        J.affine_jacobians(W, np.ones(4))
    with pytest.raises(ValueError, match=r"V must have n_out = 3 entries per row.*got shape \(2, 4\)"):
        J.affine_vjp(W, np.ones((2, 4)))
    with pytest.raises(ValueError, match="unknown activation 'softplus'"):
        J.elementwise_jacobian(np.ones(3), "softplus")
    with pytest.raises(ValueError, match=r"z must have 1 dimension\(s\), got shape \(2, 3\)"):
        J.elementwise_jacobian(np.ones((2, 3)), "tanh")
    with pytest.raises(ValueError, match=r"v must have the shape of z, \(2, 3\), got \(3, 2\)"):
        J.softmax_vjp(np.ones((2, 3)), np.ones((3, 2)))
    with pytest.raises(ValueError, match=r"h must have shape \(4,\), got \(3,\)"):
        J.layer_jacobian(W, np.ones(3), "tanh")
    with pytest.raises(ValueError, match=r"same batch size.*\(2, 3\) and \(5, 4\)"):
        J.linear_grads_batch(np.ones((2, 3)), np.ones((5, 4)))
    with pytest.raises(ValueError, match="unknown reduction 'avg'"):
        J.linear_grads_batch(np.ones((2, 3)), np.ones((2, 4)), reduction="avg")
    with pytest.raises(TypeError, match="y must hold integer class labels"):
        J.xent_logit_grad(np.ones(3), 1.0)
    with pytest.raises(ValueError, match=r"V must have shape \(3, 4\)"):
        J.softmax_regression_hvp(W, np.ones((2, 4)), np.array([0, 1]), np.ones((4, 3)))
