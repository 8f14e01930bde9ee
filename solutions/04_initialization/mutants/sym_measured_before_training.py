# mutant: the spread is measured on the initial W1
# replaces: symmetry
# must lose: test_symmetry
import numpy as np


def train_and_measure_symmetry(X, Y, W1, b1, W2, b2, lr, steps):
    W1, b1, W2, b2 = (np.array(p, dtype=float) for p in (W1, b1, W2, b2))
    W1_start = W1.copy()
    for _ in range(steps):
        Z1, cache1 = linear_forward(X, W1, b1)
        A1, cache_t = tanh_forward(Z1)
        Y_hat, cache2 = linear_forward(A1, W2, b2)
        _, dY = mse_loss(Y_hat, Y)
        dA1, dW2, db2 = linear_backward(dY, cache2)
        dZ1 = tanh_backward(dA1, cache_t)
        _, dW1, db1 = linear_backward(dZ1, cache1)
        W1 -= lr * dW1
        b1 -= lr * db1
        W2 -= lr * dW2
        b2 -= lr * db2
    spread = float(np.max(np.abs(W1_start - W1_start[0])))
    return W1, spread
