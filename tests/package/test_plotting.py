"""Shared plots draw the data they are given, with titles and axis labels."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from backprop import plotting  # noqa: E402


def labelled(ax):
    return ax.get_title() and ax.get_xlabel() and ax.get_ylabel()


def test_loss_curves_draw_each_curve():
    fig, ax = plt.subplots()
    plotting.plot_loss_curves({"a": [3, 2, 1], "b": [4, 3]}, ax=ax)
    assert [list(l.get_ydata()) for l in ax.lines] == [[3, 2, 1], [4, 3]]
    assert ax.get_yscale() == "log" and labelled(ax)
    plt.close(fig)


def test_decision_boundary_and_fit():
    X = np.random.default_rng(0).normal(size=(20, 2))
    y = (X[:, 0] > 0).astype(int)
    fig, (a, b) = plt.subplots(1, 2)
    plotting.plot_decision_boundary(lambda P: (P[:, 0] > 0).astype(int), X, y, ax=a, resolution=20)
    plotting.plot_fit_1d(lambda x: 2 * x, X[:, :1], 2 * X[:, :1], ax=b)
    assert labelled(a) and labelled(b)
    assert np.allclose(b.lines[0].get_ydata(), 2 * b.lines[0].get_xdata())
    with pytest.raises(ValueError, match=r"X must have shape \(N, 2\)"):
        plotting.plot_decision_boundary(lambda P: P[:, 0], np.ones((3, 3)), np.ones(3), ax=a)
    plt.close(fig)


def test_layer_statistics():
    fig, ax = plt.subplots()
    plotting.plot_layer_statistics({"sigmoid": [1e-1, 1e-3], "relu": [1, 1]}, ax=ax)
    assert list(ax.lines[0].get_xdata()) == [1, 2] and labelled(ax)
    plt.close(fig)
