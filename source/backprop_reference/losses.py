"""Reference losses (instructor-only): `softmax_cross_entropy`, and `mse_loss` re-exported
from the student edition (`backprop.losses`), where lessons 04 and 05 use it as a tool.

    softmax_cross_entropy(logits, y)  loss_i = -log softmax(z_i)_(y_i)   dlogits = (P - onehot(y)) / B

The loss is a Python float; the gradient has the shape and dtype of `logits`. NaN or inf in
the logits is rejected (ValueError naming the argument and the first bad index).
"""

from __future__ import annotations

import numpy as np

from backprop._validate import as_array, check_finite, shape_str
from backprop.losses import mse_loss

__all__ = ["mse_loss", "softmax_cross_entropy"]


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
