"""backprop.data: documented shapes and dtypes, determinism, labels, errors."""

import numpy as np
import pytest

from backprop import data


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_shapes_and_dtypes(dtype):
    X, Y = data.regression_1d(50, rng=0, dtype=dtype)
    assert X.shape == (50, 1) and Y.shape == (50, 1) and X.dtype == dtype and Y.dtype == dtype
    X, y = data.spirals(40, n_classes=4, rng=0, dtype=dtype)
    assert X.shape == (160, 2) and y.shape == (160,) and X.dtype == dtype and y.dtype == np.int64
    X, y = data.moons(31, rng=0, dtype=dtype)
    assert X.shape == (31, 2) and y.shape == (31,) and X.dtype == dtype
    X, y = data.blobs(20, centers=np.zeros((3, 5)), rng=0, dtype=dtype)
    assert X.shape == (60, 5) and y.shape == (60,) and X.dtype == dtype


@pytest.mark.parametrize("make", [lambda s: data.regression_1d(20, rng=s), lambda s: data.spirals(10, rng=s),
                                  lambda s: data.moons(20, rng=s), lambda s: data.blobs(10, rng=s)])
def test_seeded_and_deterministic(make):
    a, b, c = make(7), make(7), make(8)
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)
    assert not np.array_equal(a[0], c[0])
    g = np.random.default_rng(7)
    assert isinstance(make(g)[0], np.ndarray)          # a Generator works too


def test_labels_are_balanced_and_in_range():
    _, y = data.spirals(30, n_classes=3, rng=0)
    np.testing.assert_array_equal(np.bincount(y), [30, 30, 30])
    _, y = data.moons(11, rng=0)
    np.testing.assert_array_equal(np.bincount(y), [6, 5])
    _, y = data.blobs(9, centers=4, rng=0)
    np.testing.assert_array_equal(np.bincount(y), [9] * 4)
    _, y = data.spirals(30, n_classes=3, rng=0)
    assert not np.all(np.diff(y) >= 0)                  # shuffled, not sorted by class


def test_noise_free_data_follow_their_definitions():
    X, Y = data.regression_1d(100, noise=0.0, rng=0)
    np.testing.assert_allclose(Y, 0.5 * np.sin(2 * X) + 0.25 * X, rtol=1e-14)
    assert X.min() >= -3 and X.max() <= 3
    X, y = data.moons(200, noise=0.0, rng=0)
    upper = X[y == 0]
    np.testing.assert_allclose(np.hypot(upper[:, 0], upper[:, 1]), 1.0, rtol=1e-12)
    lower = X[y == 1]
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1.0, rtol=1e-12)
    X, y = data.spirals(50, noise=0.0, rng=0)
    assert np.hypot(X[:, 0], X[:, 1]).max() == pytest.approx(1.0)
    centers = np.array([[0.0, 0.0], [10.0, 10.0]])
    X, y = data.blobs(5, centers=centers, std=0.0, rng=0)
    np.testing.assert_array_equal(X, centers[y])


def test_errors():
    with pytest.raises(ValueError, match="n must be a positive integer"):
        data.regression_1d(0)
    with pytest.raises(ValueError, match="n_per_class must be a positive integer"):
        data.spirals(2.5)
    with pytest.raises(ValueError, match="noise must be a finite number >= 0"):
        data.moons(10, noise=-1)
    with pytest.raises(TypeError, match="dtype must be float32 or float64"):
        data.blobs(3, dtype=np.int64)
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        data.spirals(3, rng="seed")
    with pytest.raises(ValueError, match="low must be < high"):
        data.regression_1d(5, low=1, high=1)
