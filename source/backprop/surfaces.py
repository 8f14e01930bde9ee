"""Two-dimensional test surfaces for watching optimizers move.

A `Surface` holds a function f(x, y), its gradient, a starting point, the plotting window
and its minimum value. Points are arrays whose last axis is (x, y), so one call evaluates
a single point `(2,)`, a trajectory `(T, 2)` or a whole grid `(ny, nx, 2)`.

    quadratic(lam=(0.5, 20), angle=0)   f = 1/2 p^T H p, H with eigenvalues lam, rotated by angle
    rosenbrock(a=1, b=100)            f = (a - x)^2 + b (y - x^2)^2   (a curved, flat valley)
    saddle()                          f = x^2/2 - y^2/2 + y^4/4       (saddle at 0, minima y = +-1)

`SURFACES` maps the names used by the optimizer playground to these factories, and
`get_surface(name)` builds one by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from backprop._validate import as_array, check_choice, check_positive, shape_str

__all__ = ["Surface", "quadratic", "rosenbrock", "saddle", "SURFACES", "get_surface"]


def _points(p) -> np.ndarray:
    p = as_array(p, "p")
    if p.ndim == 0 or p.shape[-1] != 2:
        raise ValueError(f"p must have shape (..., 2) (last axis is x, y), got {shape_str(p.shape)}.")
    return p


@dataclass(frozen=True)
class Surface:
    """A 2-D test function with its gradient and plotting hints.

    f(p) and grad(p) take p of shape (..., 2); f returns shape (...), grad shape (..., 2).
    `f_min` is the minimum value (used to plot f - f_min on a log scale); `lr_sgd` and
    `lr_adaptive` are learning rates that give a useful picture for the SGD family and for
    RMSProp/Adam.
    """

    name: str
    title: str
    value: Callable[[np.ndarray], np.ndarray] = field(repr=False)
    gradient: Callable[[np.ndarray], np.ndarray] = field(repr=False)
    start: tuple[float, float]
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    f_min: float
    minima: tuple[tuple[float, float], ...]
    lr_sgd: float
    lr_adaptive: float
    levels: tuple[float, ...] = field(repr=False, default=())

    def f(self, p) -> np.ndarray:
        """f at p: p (..., 2) -> (...)."""
        return self.value(_points(p))

    def grad(self, p) -> np.ndarray:
        """Gradient (df/dx, df/dy) at p: p (..., 2) -> (..., 2), same dtype as p."""
        return self.gradient(_points(p))

    def grid(self, n: int = 120):
        """X, Y (n, n) meshgrid over the plotting window and F = f(X, Y) (float64)."""
        xs = np.linspace(*self.xlim, n)
        ys = np.linspace(*self.ylim, n)
        X, Y = np.meshgrid(xs, ys)
        return X, Y, self.value(np.stack([X, Y], axis=-1))


def quadratic(lam=(0.5, 20.0), angle=0.0) -> Surface:
    """f(p) = 1/2 p^T H p with H = R diag(lam) R^T, R a rotation by `angle` (radians).

    The minimum is 0 at the origin; the gradient is H p. Gradient descent converges iff
    lr < 2 / max(lam), and its speed is set by the condition number max(lam) / min(lam).
    """
    lam = as_array(lam, "lam", ndim=1)
    if lam.shape != (2,) or not np.all(lam > 0):
        raise ValueError(f"lam must be two positive eigenvalues, got {lam!r}.")
    c, s = np.cos(angle), np.sin(angle)
    R = np.array([[c, -s], [s, c]])
    H = R @ np.diag(lam) @ R.T

    def value(p):
        return 0.5 * np.einsum("...i,ij,...j->...", p, H.astype(p.dtype), p)

    def gradient(p):
        return p @ H.astype(p.dtype)            # H is symmetric: (H p)^T = p^T H

    kappa = lam.max() / lam.min()
    return Surface(
        name="quadratic",
        title=f"quadratic, eigenvalues {lam[0]:g} and {lam[1]:g} (condition number {kappa:g})",
        value=value, gradient=gradient, start=(-4.5, 1.5), xlim=(-5.0, 5.0), ylim=(-2.5, 2.5),
        f_min=0.0, minima=((0.0, 0.0),), lr_sgd=float(1.2 / lam.max()), lr_adaptive=0.1,
        levels=tuple(np.geomspace(0.01, 200, 14)),
    )


def rosenbrock(a=1.0, b=100.0) -> Surface:
    """f(x, y) = (a - x)^2 + b (y - x^2)^2; minimum 0 at (a, a^2), in a curved, flat valley.

    df/dx = -2 (a - x) - 4 b x (y - x^2),   df/dy = 2 b (y - x^2).
    """
    a = float(a)
    b = check_positive(b, "b")

    def value(p):
        x, y = p[..., 0], p[..., 1]
        return (a - x) ** 2 + b * (y - x * x) ** 2

    def gradient(p):
        x, y = p[..., 0], p[..., 1]
        r = y - x * x
        return np.stack([-2 * (a - x) - 4 * b * x * r, 2 * b * r], axis=-1)

    return Surface(
        name="rosenbrock", title=f"Rosenbrock valley (a={a:g}, b={b:g}), minimum at ({a:g}, {a * a:g})",
        value=value, gradient=gradient, start=(-1.5, 2.0), xlim=(-2.0, 2.0), ylim=(-1.0, 3.0),
        f_min=0.0, minima=((a, a * a),), lr_sgd=1e-3, lr_adaptive=0.1,
        levels=tuple(np.geomspace(0.05, 2000, 16)),
    )


def saddle() -> Surface:
    """f(x, y) = x^2/2 - y^2/2 + y^4/4: a saddle at the origin, minima -1/4 at (0, +-1).

    df/dx = x,  df/dy = y^3 - y. Starting close to the line y = 0, gradient descent first
    slides towards the saddle and only slowly escapes along y.
    """

    def value(p):
        x, y = p[..., 0], p[..., 1]
        return 0.5 * x * x - 0.5 * y * y + 0.25 * y ** 4

    def gradient(p):
        x, y = p[..., 0], p[..., 1]
        return np.stack([x, y ** 3 - y], axis=-1)

    return Surface(
        name="saddle", title="saddle: f = x²/2 − y²/2 + y⁴/4 (saddle at 0, minima at y = ±1)",
        value=value, gradient=gradient, start=(-2.0, 1e-3), xlim=(-2.5, 2.5), ylim=(-1.6, 1.6),
        f_min=-0.25, minima=((0.0, -1.0), (0.0, 1.0)), lr_sgd=0.1, lr_adaptive=0.05,
        levels=tuple(np.linspace(-0.24, 3.0, 15)),
    )


SURFACES = {"quadratic": quadratic, "rosenbrock": rosenbrock, "saddle": saddle}


def get_surface(name: str) -> Surface:
    """The surface called `name` (one of SURFACES) with its default parameters."""
    check_choice(name, "surface", tuple(SURFACES))
    return SURFACES[name]()
