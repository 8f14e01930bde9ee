"""Expected values of lesson 02's visible tests and of one demonstration (instructor-only).

Recorded by `python -m autograder release` from `backprop_reference` (central differences,
analytic Jacobians, the directional gradient checker) into the student edition's
`backprop/expected/02_jacobians.json`; the notebook reads them with
`backprop.checking.recorded(lesson, key, *inputs)`, whose inputs must equal the ones here.
"""

import numpy as np

from backprop.activations import relu, sigmoid, softmax
from backprop_reference import gradcheck as gc
from backprop_reference import jacobians as ref


def affine():
    W2 = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0]])
    b2 = np.array([0.1, -0.3])
    h2 = np.array([0.2, 0.4, -0.6])
    return (W2, b2, h2), (gc.numerical_jacobian(lambda h: W2 @ h + b2, h2),
                          gc.numerical_jacobian(lambda c: W2 @ h2 + c, b2))


def elementwise():
    z3 = np.array([-2.0, -0.5, 0.1, 0.7, 3.0])
    return (z3,), {"sigmoid": gc.numerical_jacobian(sigmoid, z3), "relu": gc.numerical_jacobian(relu, z3)}


def softmax_jacobian():
    z4 = np.array([1.0, -0.5, 2.0, 0.0])
    return (z4,), gc.numerical_jacobian(softmax, z4)


def sigmoid_vjp():
    Z5 = np.array([[-1.0, 0.0, 2.0], [0.5, -3.0, 1.0]])
    U5 = np.array([[1.0, -2.0, 0.5], [0.3, 0.3, -1.0]])
    return (Z5, U5), {"explicit": np.stack([ref.sigmoid_jacobian(z).T @ u for z, u in zip(Z5, U5)]),
                      "central differences": gc.numerical_vjp(sigmoid, Z5, U5)}


def softmax_vjp():
    Z6 = np.array([[1.0, -0.5, 2.0, 0.0], [0.0, 0.0, 0.0, 3.0], [-1.0, 2.0, 0.5, 0.5]])
    V6 = np.array([[1.0, 0.0, -2.0, 0.5], [0.3, -0.1, 0.2, 1.0], [-1.0, 1.0, 0.0, 2.0]])
    V6r = np.random.default_rng(5).normal(size=Z6.shape)
    return (Z6, V6, V6r), {"explicit": np.stack([ref.softmax_jacobian(z).T @ v for z, v in zip(Z6, V6)]),
                           "central differences, random V": gc.numerical_vjp(softmax, Z6, V6r)}


def linear_single():
    W7 = np.array([[0.5, -1.0, 2.0], [1.5, 0.3, -0.7]])
    b7 = np.array([0.2, -0.1])
    h7 = np.array([1.0, -2.0, 0.5])
    c7 = np.array([1.0, -3.0])
    loss7 = lambda W_, b_: float(c7 @ np.sin(W_ @ h7 + b_))
    return (W7, b7, h7, c7), (gc.numerical_gradient(lambda W_: loss7(W_, b7), W7),
                              gc.numerical_gradient(lambda b_: loss7(W7, b_), b7))


def linear_batch():
    A8 = np.array([[1.0, -2.0, 0.5], [0.0, 1.0, 1.0], [2.0, 0.5, -1.0], [-1.0, 0.0, 3.0]])
    W8 = np.array([[0.5, -1.0, 2.0], [1.5, 0.3, -0.7]])
    b8 = np.array([0.2, -0.1])
    C8 = np.array([[1.0, -3.0], [0.5, 0.5], [-1.0, 2.0], [2.0, 0.0]])
    per_example = lambda W_, b_: np.sum(C8 * np.sin(A8 @ W_.T + b_), axis=1)
    return (A8, W8, b8, C8), (gc.numerical_gradient(lambda W_: float(per_example(W_, b8).mean()), W8),
                              gc.numerical_gradient(lambda b_: float(per_example(W8, b_).mean()), b8))


def layer_gradcheck():
    rng = np.random.default_rng(9)
    A_l = rng.normal(size=(64, 300))
    Y_l = rng.normal(size=(64, 200))
    layer = {"W": rng.normal(size=(200, 300)) / np.sqrt(300), "b": np.zeros(200)}

    def layer_loss():
        Z = A_l @ layer["W"].T + layer["b"]
        return float(np.mean(np.sum((np.tanh(Z) - Y_l) ** 2, axis=1)))

    Z_l = A_l @ layer["W"].T + layer["b"]
    Delta_l = 2 * (np.tanh(Z_l) - Y_l) * (1 - np.tanh(Z_l) ** 2)
    dW_l, db_l = ref.linear_grads_batch(Delta_l, A_l)
    right = gc.gradcheck(layer_loss, layer, {"W": dW_l, "b": db_l})
    dW_wrong = dW_l.copy()
    dW_wrong[17, 42] += np.abs(dW_l).mean()
    wrong = gc.gradcheck(layer_loss, layer, {"W": dW_wrong, "b": db_l})
    return (A_l, Y_l, layer["W"]), {"right": str(right), "one wrong entry": str(wrong)}


CASES = {
    "affine Jacobians, central differences": affine,
    "elementwise Jacobians, central differences": elementwise,
    "softmax Jacobian, central differences": softmax_jacobian,
    "sigmoid VJP": sigmoid_vjp,
    "softmax VJP": softmax_vjp,
    "linear_grads_single, central differences": linear_single,
    "linear_grads_batch, central differences": linear_batch,
    "gradcheck reports of a 300 -> 200 tanh layer": layer_gradcheck,
}
