"""backprop_reference.manual: the broadcasting and indexing rules, and every intermediate gradient of the
lesson-06 network against central differences of the network's own forward pass."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_reference import batchnorm as BN
from backprop_reference import manual as M
from backprop_reference.losses import softmax_cross_entropy
from support.finite_differences import gradient as numerical_gradient
from support.finite_differences import vjp as numerical_vjp

seeds = st.integers(0, 2**32 - 1)


@pytest.mark.parametrize(("big", "small"), [((4, 3), (3,)), ((4, 3), (1, 3)), ((4, 3), (4, 1)),
                                            ((4, 3), ()), ((2, 4, 3), (4, 1)), ((4, 3), (4, 3))])
def test_sum_to_shape_is_the_vjp_of_broadcasting(big, small):
    rng = np.random.default_rng(0)
    a, G = rng.normal(size=small), rng.normal(size=big)
    want = numerical_vjp(lambda x: np.broadcast_to(x, big) * 1.0, a, G)
    got = M.sum_to_shape(G, small)
    assert got.shape == tuple(small)
    np.testing.assert_allclose(got, want, rtol=1e-7, atol=1e-9)


def test_sum_to_shape_rejects_a_shape_that_does_not_broadcast():
    with pytest.raises(ValueError, match=r"\(2,\) does not broadcast.*\(4, 3\)"):
        M.sum_to_shape(np.ones((4, 3)), (2,))


def test_index_backward_adds_repeated_indices():
    rng = np.random.default_rng(1)
    A = rng.normal(size=(3, 4))
    rows, cols = np.array([0, 2, 0, 1, 0]), np.array([1, 3, 1, 0, 1])      # (0, 1) three times
    G = rng.normal(size=5)
    want = numerical_vjp(lambda a: a[rows, cols], A, G)
    np.testing.assert_allclose(M.index_backward(G, rows, cols, A.shape), want, rtol=1e-7, atol=1e-9)


def test_index_backward_errors():
    with pytest.raises(ValueError, match=r"same shape.*rows \(2,\)"):
        M.index_backward(np.ones(3), np.array([0, 1]), np.array([0, 1, 2]), (3, 3))
    with pytest.raises(TypeError, match="integer"):
        M.index_backward(np.ones(2), np.array([0., 1.]), np.array([0, 1]), (3, 3))


def _net(seed, B=6, n_in=5, H=4, C=3):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(B, n_in)), rng.integers(0, C, size=B), M.init_network(n_in, H, C, rng)


def test_forward_loss_is_the_package_softmax_cross_entropy():
    X, y, p = _net(0)
    t = M.network_forward(X, y, p)
    assert tuple(t) == M.FORWARD_NAMES
    assert float(t["loss"]) == pytest.approx(softmax_cross_entropy(t["logits"], y)[0], rel=1e-12)
    _, bn_cache = BN.batchnorm_forward(t["Z1"], p["gamma"], p["beta"])
    np.testing.assert_allclose(t["S"], BN.batchnorm_forward(t["Z1"], p["gamma"], p["beta"])[0], rtol=1e-12)
    np.testing.assert_allclose(t["xhat"], bn_cache[0], rtol=1e-12, atol=1e-14)


@settings(deadline=None, max_examples=15)
@given(seed=seeds)
def test_every_parameter_gradient_matches_finite_differences(seed):
    X, y, p = _net(seed)
    t = M.network_forward(X, y, p)
    g = M.network_backward(t, p, X, M.loss_backward(t, y)["dlogits"])
    for name in M.PARAM_NAMES:
        def loss(v, name=name):
            return float(M.network_forward(X, y, {**p, name: v})["loss"])
        atol = 1e-8 if name == "b1" else 1e-9       # db1 is 0: batch norm removes the bias
        np.testing.assert_allclose(g["d" + name], numerical_gradient(loss, p[name]), rtol=1e-5, atol=atol)
    np.testing.assert_allclose(g["db1"], 0, atol=1e-12)


def test_every_intermediate_gradient_is_the_vjp_of_the_rest_of_the_network():
    """dT for an intermediate T: perturb T alone and rerun what comes after it."""
    X, y, p = _net(4)
    t = M.network_forward(X, y, p)
    g = {**M.loss_backward(t, y)}
    g.update(M.network_backward(t, p, X, g["dlogits"]))
    B = X.shape[0]
    rest = {
        "logp": lambda v: -v[np.arange(B), y].mean(),
        "probs": lambda v: -np.log(v)[np.arange(B), y].mean(),
        "e": lambda v: -np.log(v / v.sum(1, keepdims=True))[np.arange(B), y].mean(),
        "s": lambda v: -np.log(t["e"] / v)[np.arange(B), y].mean(),
        "shifted": lambda v: -np.log(np.exp(v) / np.exp(v).sum(1, keepdims=True))[np.arange(B), y].mean(),
        "Hid": lambda v: softmax_cross_entropy(v @ p["W2"].T + p["b2"], y)[0],
        "S": lambda v: softmax_cross_entropy(np.tanh(v) @ p["W2"].T + p["b2"], y)[0],
        "xhat": lambda v: softmax_cross_entropy(np.tanh(p["gamma"] * v + p["beta"]) @ p["W2"].T + p["b2"], y)[0],
    }
    for name, f in rest.items():
        np.testing.assert_allclose(g["d" + name], numerical_gradient(f, t[name]), rtol=1e-5, atol=1e-9,
                                   err_msg=name)
    np.testing.assert_allclose(g["dm"], 0, atol=1e-15)     # the loss does not depend on the shift


def test_bad_input_names_the_argument_and_shapes():
    X, y, p = _net(2)
    t = M.network_forward(X, y, p)
    with pytest.raises(ValueError, match=r"y must be integer labels of shape \(B,\) = \(6,\)"):
        M.loss_backward(t, y[:4])
    with pytest.raises(ValueError, match=r"dlogits must have shape \(B, C\) = \(6, 3\).*got \(3, 6\)"):
        M.network_backward(t, p, X, np.zeros((3, 6)))
    with pytest.raises(KeyError, match="gamma"):
        M.network_forward(X, y, {k: v for k, v in p.items() if k != "gamma"})
