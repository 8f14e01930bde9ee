"""Batch normalization in training mode, forward and backward (lesson 06).

For a batch Z (B, n), per feature j (a column):

    mu_j = (1/B) sum_i Z_ij,   var_j = (1/B) sum_i (Z_ij - mu_j)^2   (biased: divides by B)
    Zhat = (Z - mu) / sqrt(var + eps),   out = gamma * Zhat + beta

`batchnorm_backward` is the compact formula, one line for dZ; `batchnorm_backward_steps`
walks back through every intermediate (xc, var, inv_std, xhat, mu) one operation at a
time. The two agree; the tests check both against central differences.
"""

from __future__ import annotations

import numpy as np

from backprop._validate import as_array, check_positive, shape_str

__all__ = ["batchnorm_forward", "batchnorm_backward", "batchnorm_backward_steps"]


def _check_params(Z, gamma, beta):
    Z = as_array(Z, "Z", ndim=2)
    gamma = as_array(gamma, "gamma", ndim=1)
    beta = as_array(beta, "beta", ndim=1)
    n = Z.shape[1]
    if gamma.shape != (n,) or beta.shape != (n,):
        raise ValueError(f"gamma and beta must have shape (n,) = ({n},) for Z of shape "
                         f"{shape_str(Z.shape)}, got gamma {shape_str(gamma.shape)} and beta "
                         f"{shape_str(beta.shape)}.")
    if Z.shape[0] < 1:
        raise ValueError("Z is an empty batch (B = 0); the batch mean is undefined.")
    return Z, gamma, beta


def batchnorm_forward(Z, gamma, beta, eps: float = 1e-5):
    """Training-mode batch norm. Z: (B, n), gamma, beta: (n,) -> out (B, n) and a cache.

    The cache is (xhat, inv_std, gamma), with xhat (B, n) the normalized batch and
    inv_std (n,) = 1 / sqrt(var + eps), everything `batchnorm_backward` needs.
    """
    Z, gamma, beta = _check_params(Z, gamma, beta)
    eps = check_positive(eps, "eps")
    mu = Z.mean(axis=0)
    xc = Z - mu
    var = (xc * xc).mean(axis=0)
    inv_std = 1.0 / np.sqrt(var + eps)
    xhat = xc * inv_std
    return gamma * xhat + beta, (xhat, inv_std, gamma)


def _check_cache(dOut, cache):
    if not (isinstance(cache, tuple) and len(cache) == 3):
        raise TypeError("cache must be the (xhat, inv_std, gamma) tuple batchnorm_forward returned.")
    xhat, inv_std, gamma = cache
    dOut = as_array(dOut, "dOut", ndim=2)
    if dOut.shape != np.shape(xhat):
        raise ValueError(f"dOut must have the shape of the forward output {shape_str(np.shape(xhat))}, "
                         f"got {shape_str(dOut.shape)}.")
    return dOut, xhat, inv_std, gamma


def batchnorm_backward(dOut, cache):
    """Backward of `batchnorm_forward` by the compact formula.

    dOut: (B, n), the gradient of the loss with respect to out -> dZ (B, n), dgamma (n,),
    dbeta (n,). With g = gamma * dOut (the gradient reaching xhat):
    dZ = inv_std * (g - mean_i g - xhat * mean_i(g * xhat)).
    """
    dOut, xhat, inv_std, gamma = _check_cache(dOut, cache)
    dbeta = dOut.sum(axis=0)
    dgamma = (dOut * xhat).sum(axis=0)
    g = dOut * gamma
    dZ = inv_std * (g - g.mean(axis=0) - xhat * (g * xhat).mean(axis=0))
    return dZ, dgamma, dbeta


def batchnorm_backward_steps(dOut, cache):
    """The same gradients as `batchnorm_backward`, one elementary operation at a time.

    dOut: (B, n) -> dZ (B, n), dgamma (n,), dbeta (n,). Retraces
    xc = Z - mu, var = mean(xc^2), inv_std = (var + eps)^(-1/2), xhat = xc * inv_std.
    """
    dOut, xhat, inv_std, gamma = _check_cache(dOut, cache)
    B = dOut.shape[0]
    xc = xhat / inv_std
    dbeta = dOut.sum(axis=0)
    dgamma = (dOut * xhat).sum(axis=0)
    dxhat = dOut * gamma
    dinv_std = (dxhat * xc).sum(axis=0)
    dvar = dinv_std * -0.5 * inv_std ** 3
    dxc = dxhat * inv_std + dvar * 2 * xc / B
    dmu = -dxc.sum(axis=0)
    dZ = dxc + dmu / B
    return dZ, dgamma, dbeta
