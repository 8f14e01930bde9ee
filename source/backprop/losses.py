"""Losses that return `(loss, dOut)`: the batch-mean loss and its gradient.

The batch mean enters here, once: L = (1/B) sum_i loss_i, so every dOut already carries
the 1/B and the layers below only sum over the batch.

    mse_loss(Y_hat, Y)             loss_i = sum_k (yhat_ik - y_ik)^2      dY_hat = 2 (Y_hat - Y) / B

The softmax cross-entropy is lesson 03's exercise `softmax_cross_entropy`: you write it there.
`mse_loss` is here because lessons 04 and 05 train networks with it: a tool from lesson 03.

The loss is a Python float; the gradient has the shape and dtype of the prediction
(`Y_hat`). With mixed dtypes, e.g. float32 predictions and a float64 target `Y`,
the loss is computed in float64 and the gradient is returned as float32, so a float32
network stays float32. It rejects NaN or inf in the prediction and the target
(ValueError naming the argument and the first bad index): a diverged network is reported
where the loss is taken rather than as a NaN gradient.
"""

from __future__ import annotations

import numpy as np

from backprop._validate import as_array, check_finite, shape_str

__all__ = ["mse_loss"]


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
