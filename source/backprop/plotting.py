"""Figure helpers the lessons share. Every helper titles its plot and labels its axes.

Each takes an optional matplotlib Axes and returns the Axes it drew on, so lessons can place
plots side by side:

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    plot_loss_curves({"SGD": sgd_losses, "Adam": adam_losses}, ax=left)
    plot_decision_boundary(model_predict, X, y, ax=right)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from backprop._validate import as_array


def _axes(ax, figsize=(6, 4)):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize)
    return ax


def label(ax, title: str, xlabel: str, ylabel: str):
    """Set the title and both axis labels of `ax`; return `ax`."""
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return ax


def plot_loss_curves(curves: Mapping[str, Sequence[float]], ax=None, *, log: bool = True,
                     title: str = "Training loss", xlabel: str = "step"):
    """One line per named loss curve (values per step or epoch), log-scaled y by default."""
    ax = _axes(ax)
    for name, values in curves.items():
        ax.plot(np.arange(len(values)), np.asarray(values, dtype=float), label=name)
    if log:
        ax.set_yscale("log")
    if len(curves) > 1:
        ax.legend()
    return label(ax, title, xlabel, "loss (log scale)" if log else "loss")


def plot_decision_boundary(predict: Callable[[np.ndarray], np.ndarray], X, y, ax=None, *,
                           resolution: int = 200, title: str = "Decision regions"):
    """Colour the plane by `predict` (points (N, 2) -> class ids (N,)) and scatter the data.

    X: (N, 2) inputs; y: (N,) integer labels.
    """
    X = as_array(X, "X", ndim=2)
    if X.shape[1] != 2:
        raise ValueError(f"X must have shape (N, 2) for a plane plot, got {X.shape}.")
    ax = _axes(ax, figsize=(5, 5))
    pad = 0.1 * (X.max(axis=0) - X.min(axis=0)) + 1e-9
    lo, hi = X.min(axis=0) - pad, X.max(axis=0) + pad
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    classes = np.asarray(predict(grid)).reshape(gx.shape)
    ax.contourf(gx, gy, classes, alpha=0.25, cmap="viridis")
    ax.scatter(X[:, 0], X[:, 1], c=np.asarray(y), s=12, cmap="viridis", edgecolors="k", linewidths=0.3)
    return label(ax, title, "$x_1$", "$x_2$")


def plot_fit_1d(predict: Callable[[np.ndarray], np.ndarray], X, Y, ax=None, *,
                title: str = "Fit to the data"):
    """Scatter 1-D data (X, Y of shape (N, 1)) and draw `predict` over its range."""
    X = as_array(X, "X", ndim=2)
    Y = as_array(Y, "Y", ndim=2)
    ax = _axes(ax)
    xs = np.linspace(X.min(), X.max(), 300)[:, None]
    ax.scatter(X[:, 0], Y[:, 0], s=10, alpha=0.6, label="data")
    ax.plot(xs[:, 0], np.asarray(predict(xs)).reshape(-1), color="C1", lw=2, label="model")
    ax.legend()
    return label(ax, title, "x", "y")


def plot_layer_statistics(values_per_layer: Mapping[str, Sequence[float]], ax=None, *,
                          title: str = "Per-layer statistics", ylabel: str = "value (log scale)"):
    """Lines of one statistic per layer (e.g. gradient norms), one line per named network."""
    ax = _axes(ax)
    for name, values in values_per_layer.items():
        ax.plot(np.arange(1, len(values) + 1), np.asarray(values, dtype=float), marker="o", label=name)
    ax.set_yscale("log")
    if len(values_per_layer) > 1:
        ax.legend()
    return label(ax, title, "layer", ylabel)
