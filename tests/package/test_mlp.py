"""backprop.mlp: whole-network gradients against central differences, records, dtypes, errors."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from backprop import layers as L
from backprop.data import blobs
from backprop_reference.losses import mse_loss, softmax_cross_entropy
from backprop.mlp import MLP, Sequential
from support.finite_differences import gradient


def loss_and_grads(net, X, target, loss_fn):
    out = net.forward(X)
    loss, dout = loss_fn(out, target)
    dX = net.backward(dout)
    return loss, dX


def numerical_gradient(loss_of, p):
    """Central differences of the scalar loss_of() with respect to the network's array p:
    the oracle perturbs a copy, which is written into p for each call; p is restored after."""
    saved = p.copy()

    def loss_at(value):
        p[...] = value
        return loss_of()

    try:
        return gradient(loss_at, saved)
    finally:
        p[...] = saved


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh", "identity"])
@pytest.mark.parametrize("loss", ["mse", "ce"])
@given(widths=st.lists(st.integers(1, 5), min_size=1, max_size=3),
       B=st.integers(1, 5), seed=st.integers(0, 2**32 - 1))
def test_every_gradient_matches_finite_differences(activation, loss, widths, B, seed):
    rng = np.random.default_rng(seed)
    n_in, n_out = 3, 4
    net = MLP([n_in, *widths, n_out], activation=activation, init="xavier_normal", rng=rng)
    for b in net.biases:                          # nonzero biases, so db matters
        b[...] = rng.normal(size=b.shape)
    X = rng.normal(size=(B, n_in))
    if loss == "mse":
        target, loss_fn = rng.normal(size=(B, n_out)), mse_loss
    else:
        target, loss_fn = rng.integers(0, n_out, B), softmax_cross_entropy

    def loss_of():
        return loss_fn(net.forward(X), target)[0]

    if activation == "relu":                      # keep |z| away from the kink
        net.record = True
        net.forward(X)
        if min(np.abs(z).min() for z in net.pre_activations[:-1]) < 1e-4:
            return
    _, dX = loss_and_grads(net, X, target, loss_fn)
    grads = [g.copy() for g in net.gradients()]
    for p, g in zip(net.parameters(), grads):
        assert g.shape == p.shape
        np.testing.assert_allclose(g, numerical_gradient(loss_of, p), rtol=1e-5, atol=1e-8)
    np.testing.assert_allclose(dX, gradient(lambda X_: loss_fn(net.forward(X_), target)[0], X),
                               rtol=1e-5, atol=1e-8)


def test_structure_of_an_mlp():
    net = MLP([2, 5, 4, 3], activation="tanh", rng=0)
    kinds = [type(layer).__name__ for layer in net.layers]
    assert kinds == ["Linear", "Tanh", "Linear", "Tanh", "Linear"]
    assert [W.shape for W in net.weights] == [(5, 2), (4, 5), (3, 4)]
    assert [p.shape for p in net.parameters()] == [(5, 2), (5,), (4, 5), (4,), (3, 4), (3,)]
    out_sig = MLP([2, 3, 1], output_activation="sigmoid", rng=0)
    assert type(out_sig.layers[-1]).__name__ == "Sigmoid"


def test_records_hold_the_forward_and_backward_values():
    rng = np.random.default_rng(3)
    net = MLP([3, 6, 5, 2], activation="sigmoid", rng=rng, record=True)
    X, Y = rng.normal(size=(7, 3)), rng.normal(size=(7, 2))
    out = net.forward(X)
    _, dout = mse_loss(out, Y)
    net.backward(dout)
    a, z, d = net.activations, net.pre_activations, net.deltas
    assert len(a) == 4 and len(z) == 3 and len(d) == 3
    assert a[0] is X or np.array_equal(a[0], X)
    for l, (W, b) in enumerate(zip(net.weights, net.biases)):
        np.testing.assert_allclose(z[l], a[l] @ W.T + b, rtol=1e-14)      # z^l = W a^(l-1) + b
        assert d[l].shape == z[l].shape
    np.testing.assert_allclose(a[1], 1 / (1 + np.exp(-z[0])), rtol=1e-14)
    np.testing.assert_array_equal(a[-1], out)
    np.testing.assert_array_equal(d[-1], dout)                           # linear output layer
    # the backprop equations, checked on the records
    for l in range(2):
        s = a[l + 1]
        np.testing.assert_allclose(d[l], (d[l + 1] @ net.weights[l + 1]) * s * (1 - s), rtol=1e-12)
        np.testing.assert_allclose(net.weight_gradients[l], d[l].T @ a[l], rtol=1e-12)


def test_records_need_record_true_and_a_pass():
    net = MLP([2, 3, 1], rng=0)
    with pytest.raises(RuntimeError, match="record=True"):
        net.deltas
    net.record = True
    with pytest.raises(RuntimeError, match="forward"):
        net.activations
    net.forward(np.ones((1, 2)))
    with pytest.raises(RuntimeError, match="backward"):
        net.deltas


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_preserved_through_the_network(dtype):
    net = MLP([4, 8, 3], rng=0, dtype=dtype)
    X = np.random.default_rng(1).normal(size=(5, 4)).astype(dtype)
    out = net.forward(X)
    _, d = softmax_cross_entropy(out, np.array([0, 1, 2, 0, 1]))
    dX = net.backward(d)
    assert out.dtype == dtype and dX.dtype == dtype
    assert all(p.dtype == dtype for p in net.parameters())
    assert all(g.dtype == dtype for g in net.gradients())


def test_parameters_are_the_layer_arrays_so_sgd_updates_in_place():
    net = MLP([2, 3, 2], rng=0)
    W0 = net.weights[0].copy()
    X = np.ones((4, 2))
    _, d = mse_loss(net.forward(X), np.zeros((4, 2)))
    net.backward(d)
    for p, g in zip(net.parameters(), net.gradients()):
        p -= 0.1 * g
    np.testing.assert_allclose(net.layers[0].W, W0 - 0.1 * net.layers[0].dW)


def test_sgd_training_lowers_the_loss():
    X, y = blobs(50, centers=3, std=0.5, rng=0)
    net = MLP([2, 16, 3], rng=1)
    losses = []
    for _ in range(100):
        loss, d = softmax_cross_entropy(net.forward(X), y)
        net.backward(d)
        for p, g in zip(net.parameters(), net.gradients()):
            p -= 0.5 * g
        losses.append(loss)
    assert losses[-1] < 0.3 * losses[0]


def test_sequential_of_custom_layers():
    rng = np.random.default_rng(0)
    net = Sequential([L.Linear(3, 4, rng=rng), L.Tanh(), L.Linear(4, 1, rng=rng)])
    X = rng.normal(size=(2, 3))
    out = net(X)
    assert out.shape == (2, 1) and len(net) == 3
    dX = net.backward(np.ones_like(out))
    assert dX.shape == X.shape and len(net.gradients()) == 4
    with pytest.raises(TypeError, match=r"layers\[1\]"):
        Sequential([L.Linear(2, 2), object()])


def test_errors():
    with pytest.raises(ValueError, match="unknown activation 'softplus'"):
        MLP([2, 3, 1], activation="softplus")
    with pytest.raises(ValueError, match="sizes must list >= 2"):
        MLP([2])
    with pytest.raises(TypeError, match="sizes must be a list"):
        MLP(["a", 2])
    with pytest.raises(ValueError, match=r"X must have shape \(B, 2\) for this MLP, got \(4, 3\)"):
        MLP([2, 3, 1], rng=0).forward(np.ones((4, 3)))
    with pytest.raises(ValueError, match="X must have 2 dimension"):
        MLP([2, 3, 1], rng=0).forward(np.ones(2))


@pytest.mark.parametrize("make", [
    lambda: MLP([3, 4, 2], activation="tanh", rng=0),
    lambda: Sequential([L.Linear(3, 4, rng=0), L.ReLU(), L.Linear(4, 2, rng=1)]),
], ids=["MLP", "Sequential"])
def test_a_gradients_list_taken_before_backward_sees_every_backward(make):
    """backward writes into the existing dW, db arrays, so a list held from the start of
    training is always current (as the optimizer objects' step(params, grads) needs)."""
    net = make()
    held = net.gradients()
    assert all(np.all(g == 0) for g in held)
    rng = np.random.default_rng(3)
    for _ in range(2):
        X, Y = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
        _, dY = mse_loss(net.forward(X), Y)
        net.backward(dY)
        now = net.gradients()
        assert all(h is n for h, n in zip(held, now))
        for h, layer_grad in zip(held, [g for layer in net.linear_layers for g in (layer.dW, layer.db)]):
            np.testing.assert_array_equal(h, layer_grad)
        # and the values are the gradient of this batch's loss
        W0 = net.linear_layers[0].W

        def loss_of():
            return mse_loss(net.forward(X), Y)[0]
        np.testing.assert_allclose(held[0], numerical_gradient(loss_of, W0), rtol=1e-5, atol=1e-8)


def test_training_with_gradients_held_from_the_start():
    from backprop_reference.optim import SGD
    rng = np.random.default_rng(0)
    X = rng.normal(size=(64, 2))
    Y = X @ np.array([[1.0], [-2.0]]) + 0.5
    net = MLP([2, 8, 1], activation="tanh", rng=0)
    params, grads = net.parameters(), net.gradients()     # taken once, before any backward
    opt = SGD(lr=0.05)
    losses = []
    for _ in range(200):
        loss, dY = mse_loss(net.forward(X), Y)
        net.backward(dY)
        opt.step(params, grads)
        losses.append(loss)
    assert losses[-1] < 0.05 * losses[0]
