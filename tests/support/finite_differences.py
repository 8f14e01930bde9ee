"""The tests' finite-difference oracle: central differences in float64.

Written without `backprop` on purpose, so the package's own `backprop.gradcheck` is checked
against something independent. Every function copies its input to float64 and perturbs the
copy, so the caller's array is never modified; `f` is called on float64 arrays and its
results are read as float64.

    derivative(f, x, h=1e-6)      d f / dx along a scalar x (or elementwise, if f is)
    gradient(f, x, h=1e-6)        d f / dx, shape x.shape, for a scalar-valued f
    vjp(f, x, G, h=1e-6)          G . d f / dx = d sum(G * f(x)) / dx, shape x.shape
    jacobian(f, x, h=1e-6)        J[i, j] = d f_i / d x_j, numerator layout, shape (m, n)

The error of a central difference is O(h^2) truncation plus O(eps |f| / h) rounding; with
h = 1e-6 and well-scaled inputs expect about 1e-8 relative agreement, so tests should
compare with rtol around 1e-6 and keep inputs away from kinks (ReLU at 0) by more than h.
"""

import numpy as np

__all__ = ["derivative", "gradient", "vjp", "jacobian"]

H = 1e-6


def _float64_copy(x):
    return np.array(x, dtype=np.float64, copy=True)


def derivative(f, x, h=H):
    """(f(x + h) - f(x - h)) / 2h, from one pair of calls.

    x a float: f(x) a float gives a float; f(x) an array of any shape gives the derivative
    of each entry along x (e.g. t -> grad(w + t v), a directional derivative).
    x an array, f elementwise: the elementwise derivative, with x's shape.
    """
    if np.ndim(x) == 0:
        x = float(x)
    else:
        x = _float64_copy(x)
    up = _float64_copy(f(x + h))
    down = _float64_copy(f(x - h))
    d = (up - down) / (2 * h)
    return float(d) if d.ndim == 0 else d


def gradient(f, x, h=H):
    """Gradient of a scalar function f of an array x.

    x: any shape (n entries). Returns a float64 array of x's shape, entry idx equal to
    (f(x + h e_idx) - f(x - h e_idx)) / 2h. 2n calls of f.
    """
    x = _float64_copy(x)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        up = float(f(x))
        x[idx] = old - h
        down = float(f(x))
        x[idx] = old
        grad[idx] = (up - down) / (2 * h)
    return grad


def vjp(f, x, G, h=H):
    """Vector-Jacobian product G . df/dx, i.e. the gradient of sum(G * f(x)) with respect to x.

    x: any shape; f(x): any shape, the same as G's. Returns a float64 array of x's shape;
    this is what a layer's backward returns for upstream gradient G, without building
    the Jacobian.
    """
    G = np.asarray(G, dtype=np.float64)
    out_shape = np.shape(f(_float64_copy(x)))
    if out_shape != G.shape:
        raise ValueError(f"vjp: G has shape {G.shape} but f(x) has shape {out_shape}; "
                         "they must match")
    return gradient(lambda x_: np.sum(G * np.asarray(f(x_), dtype=np.float64)), x, h)


def jacobian(f, x, h=H):
    """Jacobian of f at x in numerator layout: J[i, j] = d f(x).flat[i] / d x.flat[j].

    x: any shape, n = x.size entries; f(x): any shape, m = f(x).size entries (C order).
    Returns a float64 array of shape (m, n). 2n calls of f.
    """
    x = _float64_copy(x)
    m = np.size(f(x))
    J = np.zeros((m, x.size))
    for j, idx in enumerate(np.ndindex(x.shape)):
        old = x[idx]
        x[idx] = old + h
        up = _float64_copy(f(x)).reshape(-1)         # a copy: f may return x itself
        x[idx] = old - h
        down = _float64_copy(f(x)).reshape(-1)
        x[idx] = old
        J[:, j] = (up - down) / (2 * h)
    return J
