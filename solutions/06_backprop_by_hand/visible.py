"""Expected values of lesson 06's visible tests (instructor-only).

Recorded by `python -m autograder release` from `backprop_reference.manual` and
`backprop_reference.batchnorm` into the student edition's `backprop/expected/06_backprop_by_hand.json`;
the notebook reads them with `backprop.checking.recorded(lesson, key, *inputs)`, whose inputs
must equal the ones made here (the notebook's small network and its batch-norm example).
"""

import numpy as np

from backprop_reference import batchnorm as BN
from backprop_reference import manual as M


def small_network():
    """The notebook's small network: X (8, 5), y (8,) in 0..3, params with 6 hidden units."""
    rng = np.random.default_rng(6)
    B, n_in, H, C = 8, 5, 6, 4
    X = rng.normal(size=(B, n_in))
    y = rng.integers(0, C, size=B)
    params = dict(W1=rng.normal(size=(H, n_in)) / np.sqrt(n_in),
                  b1=rng.normal(scale=0.1, size=H),
                  gamma=1 + rng.normal(scale=0.1, size=H),
                  beta=rng.normal(scale=0.1, size=H),
                  W2=rng.normal(size=(C, H)) / np.sqrt(H),
                  b2=rng.normal(scale=0.1, size=C))
    return X, y, params


def loss_gradients():
    X, y, params = small_network()
    return (X, y, params), M.loss_backward(M.network_forward(X, y, params), y)


def network_gradients():
    X, y, params = small_network()
    t = M.network_forward(X, y, params)
    dlogits = (t["probs"] - np.eye(t["probs"].shape[1])[y]) / X.shape[0]
    return (X, y, params), M.network_backward(t, params, X, dlogits)


def batchnorm_example():
    Z = np.array([[1., 10.], [2., 20.], [3., 60.], [6., 30.]])
    gamma, beta = np.array([2., 0.5]), np.array([0., 1.])
    dOut = np.array([[1., 0.], [0., 1.], [-1., 2.], [0.5, 0.]])
    _, cache = BN.batchnorm_forward(Z, gamma, beta)
    return (Z, gamma, beta, dOut), BN.batchnorm_backward(dOut, cache)


CASES = {
    "loss_backward, small network": loss_gradients,
    "network_backward, small network": network_gradients,
    "batchnorm_backward, B = 4": batchnorm_example,
}
