"""backprop.surfaces: gradients against central differences, minima, shapes and dtypes."""

import numpy as np
import pytest

from backprop import surfaces
from support.finite_differences import gradient

SURFACES = [surfaces.quadratic(), surfaces.quadratic(lam=(0.5, 7.0), angle=0.6),
            surfaces.rosenbrock(), surfaces.rosenbrock(a=-0.5, b=10), surfaces.saddle()]
IDS = ["quadratic", "rotated-quadratic", "rosenbrock", "rosenbrock-b10", "saddle"]


def rel_error(a, n):
    return np.abs(a - n) / np.maximum(1e-8, np.abs(a) + np.abs(n))


@pytest.mark.parametrize("s", SURFACES, ids=IDS)
def test_gradient_matches_central_differences(s):
    rng = np.random.default_rng(0)
    pts = np.column_stack([rng.uniform(*s.xlim, 50), rng.uniform(*s.ylim, 50)])
    for p in pts:
        num = gradient(s.f, p)
        assert rel_error(s.grad(p), num).max() < 1e-6, p


@pytest.mark.parametrize("s", SURFACES, ids=IDS)
def test_minima_are_stationary_and_have_value_f_min(s):
    for m in s.minima:
        m = np.array(m)
        np.testing.assert_allclose(s.grad(m), 0.0, atol=1e-12)
        assert s.f(m) == pytest.approx(s.f_min, abs=1e-12)
    X, Y, F = s.grid(80)
    assert F.min() >= s.f_min - 1e-12                  # nothing in the window below f_min


@pytest.mark.parametrize("s", SURFACES, ids=IDS)
def test_vectorized_shapes_and_dtype(s):
    rng = np.random.default_rng(1)
    P = rng.normal(size=(4, 3, 2))
    assert s.f(P).shape == (4, 3)
    G = s.grad(P)
    assert G.shape == (4, 3, 2)
    np.testing.assert_allclose(G[2, 1], s.grad(P[2, 1]), rtol=1e-15)
    p32 = P.astype(np.float32)
    assert s.f(p32).dtype == np.float32
    assert s.grad(p32).dtype == np.float32


def test_quadratic_hessian_has_the_requested_eigenvalues():
    s = surfaces.quadratic(lam=(2.0, 9.0), angle=0.3)
    H = np.column_stack([s.grad(np.array([1.0, 0.0])), s.grad(np.array([0.0, 1.0]))])
    np.testing.assert_allclose(H, H.T, atol=1e-14)
    np.testing.assert_allclose(np.linalg.eigvalsh(H), [2.0, 9.0], rtol=1e-12)


def test_saddle_point_is_a_saddle():
    s = surfaces.saddle()
    np.testing.assert_array_equal(s.grad(np.zeros(2)), 0.0)
    h = 1e-3
    assert s.f(np.array([h, 0.0])) > 0 > s.f(np.array([0.0, h]))


def test_errors():
    with pytest.raises(ValueError, match=r"p must have shape \(\.\.\., 2\)"):
        surfaces.rosenbrock().f(np.ones(3))
    with pytest.raises(ValueError, match="unknown surface 'bowl'"):
        surfaces.get_surface("bowl")
    with pytest.raises(ValueError, match="lam"):
        surfaces.quadratic(lam=(1.0, -1.0))
    assert {surfaces.get_surface(n).name for n in surfaces.SURFACES} == set(surfaces.SURFACES)
