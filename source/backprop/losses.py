"""Losses that return `(loss, dOut)`: the batch-mean loss and its gradient.

The batch mean enters here, once: L = (1/B) sum_i loss_i, so every dOut already carries
the 1/B and the layers below only sum over the batch.

    mse_loss(Y_hat, Y)             loss_i = sum_k (yhat_ik - y_ik)^2      dY_hat = 2 (Y_hat - Y) / B
    softmax_cross_entropy(logits, y)  loss_i = -log softmax(z_i)_(y_i)   dlogits = (P - onehot(y)) / B

The loss is a Python float; the gradient has the shape and dtype of the prediction
(`Y_hat`, `logits`). With mixed dtypes, e.g. float32 predictions and a float64 target `Y`,
the loss is computed in float64 and the gradient is returned as float32, so a float32
network stays float32. Both losses reject NaN or inf in the prediction and the target
(ValueError naming the argument and the first bad index): a diverged network is reported
where the loss is taken rather than as a NaN gradient.
"""

from __future__ import annotations

import numpy as np

from backprop._validate import as_array, check_finite, shape_str

__all__ = ["mse_loss", "softmax_cross_entropy"]


def mse_loss(Y_hat, Y):
    """Mean over the batch of the summed squared error, and its gradient.

    Y_hat, Y: (B, k) (or (B,) for one output)  ->
    loss = (1/B) sum_i sum_k (Y_hat[i,k] - Y[i,k])^2 (a float),
    dY_hat = 2 (Y_hat - Y) / B, shape and dtype of Y_hat.
    """
    Y_hat = as_array(Y_hat, "Y_hat", ndim=(1, 2))
    Y = as_array(Y, "Y", ndim=(1, 2))
    if Y_hat.shape != Y.shape:
        raise ValueError(f"Y_hat and Y must have the same shape (B, k), got Y_hat "
                         f"{shape_str(Y_hat.shape)} and Y {shape_str(Y.shape)}.")
    if Y_hat.shape[0] == 0:
        raise ValueError("Y_hat is an empty batch (B = 0); the batch mean is undefined.")
    check_finite(Y_hat, "Y_hat")
    check_finite(Y, "Y")
    B = Y_hat.shape[0]
    diff = Y_hat - Y
    loss = float(np.vdot(diff, diff)) / B
    diff *= 2.0 / B
    return loss, diff.astype(Y_hat.dtype, copy=False)


def softmax_cross_entropy(logits, y):
    """Batch-mean cross-entropy of softmax(logits) against integer labels, and its gradient.

    logits: (B, C) scores, y: (B,) integer labels in [0, C)  ->
    loss = -(1/B) sum_i log softmax(logits_i)[y_i] (a float),
    dlogits = (softmax(logits) - onehot(y)) / B, shape and dtype of logits.
    Stable for logits of any finite size: log-softmax is formed from logits minus their row
    maximum, so no exponent is positive.
    """
    logits = as_array(logits, "logits", ndim=2)
    y_arr = np.asarray(y)
    if y_arr.ndim != 1:
        raise ValueError(f"y must be a 1-D array of integer labels of shape (B,), got shape "
                         f"{shape_str(y_arr.shape)}.")
    if not np.issubdtype(y_arr.dtype, np.integer):
        raise TypeError(f"y must hold integer class labels (dtype int), got dtype {y_arr.dtype}; "
                        "convert with y.astype(int) if they are whole numbers.")
    B, C = logits.shape
    if y_arr.shape[0] != B:
        raise ValueError(f"y must have shape ({B},) to match logits {shape_str(logits.shape)}, "
                         f"got {shape_str(y_arr.shape)}.")
    if B == 0:
        raise ValueError("logits is an empty batch (B = 0); the batch mean is undefined.")
    if y_arr.min() < 0 or y_arr.max() >= C:
        raise ValueError(f"labels in y must lie in [0, {C}) for {C} classes, got values from "
                         f"{y_arr.min()} to {y_arr.max()}.")
    check_finite(logits, "logits")
    rows = np.arange(B)
    shifted = logits - logits.max(axis=1, keepdims=True)      # every entry <= 0
    P = np.exp(shifted)
    sums = P.sum(axis=1, keepdims=True)                        # >= 1
    log_p_true = shifted[rows, y_arr] - np.log(sums[:, 0])
    loss = -float(log_p_true.sum(dtype=np.float64)) / B
    P /= sums                                                  # softmax probabilities
    P[rows, y_arr] -= 1.0
    P *= 1.0 / B
    return loss, P
