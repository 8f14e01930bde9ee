"""backprop.gradcheck: central differences, relative error, VJP checks and gradcheck reports.

Reference derivatives here are closed-form ones of simple functions (polynomials, tanh of an
affine map, a quadratic loss), written out independently of the module under test.
"""

import numpy as np
import pytest
from hypothesis import given, strategies as st

from backprop_reference.gradcheck import (GradcheckReport, check_vjp, gradcheck, numerical_gradient,
                                numerical_jacobian, numerical_vjp, relative_error)

shapes = st.lists(st.integers(1, 4), min_size=1, max_size=3).map(tuple)


# --------------------------------------------------------------------------- relative_error

def test_relative_error_formula_and_floor():
    a = np.array([1.0, 0.0, 1e-12, -2.0])
    n = np.array([1.1, 0.0, 2e-12, 2.0])
    got = relative_error(a, n)
    assert got.shape == (4,)
    assert got[0] == pytest.approx(0.1 / 2.1)
    assert got[1] == 0.0                                  # 0/0 avoided by the floor
    assert got[2] == pytest.approx(1e-12 / 1e-8)          # floor used: both entries tiny
    assert got[3] == pytest.approx(1.0)                   # opposite signs: the maximum, 1


def test_relative_error_is_scale_free_and_symmetric():
    rng = np.random.default_rng(0)
    a, n = rng.normal(size=5), rng.normal(size=5)
    np.testing.assert_allclose(relative_error(1e3 * a, 1e3 * n), relative_error(a, n), rtol=1e-12)
    np.testing.assert_array_equal(relative_error(a, n), relative_error(n, a))


def test_relative_error_dtype_and_shape_errors():
    a32 = np.ones(3, np.float32)
    assert relative_error(a32, a32).dtype == np.float32
    with pytest.raises(ValueError, match=r"same shape.*\(3,\).*\(2,\)"):
        relative_error(np.ones(3), np.ones(2))
    with pytest.raises(TypeError, match="a must be an array of numbers"):
        relative_error("abc", np.ones(3))


# --------------------------------------------------------------------------- numerical_gradient / jacobian

@given(shape=shapes, seed=st.integers(0, 10_000))
def test_numerical_gradient_of_cubic_matches_closed_form(shape, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=shape)
    c = rng.normal(size=shape)
    f = lambda z: float(np.sum(c * z ** 3) + np.sum(z) ** 2)   # noqa: E731
    expected = 3 * c * x ** 2 + 2 * np.sum(x)
    got = numerical_gradient(f, x)
    assert got.shape == x.shape
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-7)


def test_numerical_gradient_does_not_modify_x_and_keeps_dtype():
    x = np.arange(6, dtype=np.float32).reshape(2, 3) / 7
    before = x.copy()
    g = numerical_gradient(lambda z: float(np.sum(z ** 2)), x, h=1e-3)
    np.testing.assert_array_equal(x, before)
    assert g.dtype == np.float32
    np.testing.assert_allclose(g, 2 * x, rtol=1e-5)


@given(n_in=st.integers(1, 5), n_out=st.integers(1, 5), seed=st.integers(0, 10_000))
def test_numerical_jacobian_of_tanh_layer_is_numerator_layout(n_in, n_out, seed):
    rng = np.random.default_rng(seed)
    W, b, x = rng.normal(size=(n_out, n_in)), rng.normal(size=n_out), rng.normal(size=n_in)
    f = lambda h: np.tanh(W @ h + b)   # noqa: E731
    expected = (1 - np.tanh(W @ x + b) ** 2)[:, None] * W      # J[i, j] = d f_i / d x_j
    got = numerical_jacobian(f, x)
    assert got.shape == (n_out, n_in)
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-8)


def test_numerical_jacobian_flattens_matrix_input_and_output():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(2, 3))
    M = rng.normal(size=(3, 4))
    got = numerical_jacobian(lambda Z: Z @ M, X)          # (2, 4) output, (2, 3) input
    assert got.shape == (8, 6)
    expected = np.kron(np.eye(2), M.T)                    # d (XM)_{ik} / d X_{jl} = [i=j] M_{lk}
    np.testing.assert_allclose(got, expected, rtol=1e-7, atol=1e-8)


def test_numerical_derivative_errors_name_the_problem():
    with pytest.raises(TypeError, match="f must be a function"):
        numerical_gradient(3.0, np.ones(2))
    with pytest.raises(ValueError, match=r"f must return a scalar.*\(2,\)"):
        numerical_gradient(lambda z: z, np.ones(2))
    with pytest.raises(ValueError, match="h must be a finite number > 0"):
        numerical_jacobian(np.sin, np.ones(2), h=0.0)
    with pytest.raises(ValueError, match="x contains 1 NaN"):
        numerical_jacobian(np.sin, np.array([1.0, np.nan]))
    with pytest.raises(ValueError, match="returned NaN or inf"), np.errstate(invalid="ignore"):
        numerical_gradient(lambda z: float(np.log(z[0])), np.array([1e-9]), h=1e-6)


def test_numerical_vjp_equals_transposed_jacobian_times_v():
    rng = np.random.default_rng(4)
    W = rng.normal(size=(5, 3))
    x, v = rng.normal(size=3), rng.normal(size=5)
    f = lambda h: np.sin(W @ h)   # noqa: E731
    expected = W.T @ (v * np.cos(W @ x))
    np.testing.assert_allclose(numerical_vjp(f, x, v), expected, rtol=1e-6, atol=1e-9)
    with pytest.raises(ValueError, match=r"v must have the shape of f\(x\), \(5,\), got \(4,\)"):
        numerical_vjp(f, x, np.ones(4))


# --------------------------------------------------------------------------- check_vjp

def _tanh_layer(W):
    f = lambda X: np.tanh(X @ W.T)                                 # noqa: E731
    vjp = lambda X, V: (V * (1 - np.tanh(X @ W.T) ** 2)) @ W       # noqa: E731
    return f, vjp


@pytest.mark.parametrize("mode", ["exhaustive", "directional"])
def test_check_vjp_passes_correct_and_fails_transposed(mode):
    rng = np.random.default_rng(5)
    W = rng.normal(size=(4, 4))
    X = rng.normal(size=(3, 4))
    f, vjp = _tanh_layer(W)
    good = check_vjp(f, vjp, X, mode=mode)
    assert good and good.mode == mode and good.max_rel_error < 1e-6
    wrong = lambda X, V: (V * (1 - np.tanh(X @ W.T) ** 2)) @ W.T   # noqa: E731  (square W: shapes agree)
    bad = check_vjp(f, wrong, X, mode=mode)
    assert not bad
    assert "FAILED" in str(bad) and "vector-Jacobian product" in str(bad)


def test_check_vjp_directional_cost_does_not_grow_with_input_size():
    rng = np.random.default_rng(6)
    counts = []
    for n_in in (10, 2000):
        W = rng.normal(size=(8, n_in)) / np.sqrt(n_in)
        X = rng.normal(size=(4, n_in))
        calls = [0]
        f0, vjp = _tanh_layer(W)

        def f(X, f0=f0):
            calls[0] += 1
            return f0(X)
        report = check_vjp(f, vjp, X, mode="directional", n_checks=2, n_directions=4)
        assert report, str(report)
        counts.append(calls[0])
    assert counts[0] == counts[1]


def test_check_vjp_rejects_wrong_output_shape():
    f, _ = _tanh_layer(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"shaped like x, \(4, 3\), got \(3, 4\)"):
        check_vjp(f, lambda X, V: np.zeros((3, 4)), np.ones((4, 3)))


# --------------------------------------------------------------------------- gradcheck

def _quadratic_model(seed, n_out=3, n_in=4, B=5, dtype=np.float64):
    """MSE of a linear layer, params W and b, with the gradient written out by hand."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(B, n_in)).astype(dtype)
    Y = rng.normal(size=(B, n_out)).astype(dtype)
    params = {"W": (rng.normal(size=(n_out, n_in)) / np.sqrt(n_in)).astype(dtype),
              "b": rng.normal(size=n_out).astype(dtype)}

    def loss():
        R = X @ params["W"].T + params["b"] - Y
        return float(np.mean(np.sum(R ** 2, axis=1)))

    R = X @ params["W"].T + params["b"] - Y
    grads = {"W": 2 * R.T @ X / B, "b": 2 * R.mean(axis=0)}
    return loss, params, grads


def test_gradcheck_exhaustive_passes_and_restores_parameters():
    loss, params, grads = _quadratic_model(0)
    before = {k: v.copy() for k, v in params.items()}
    report = gradcheck(loss, params, grads)
    assert isinstance(report, GradcheckReport)
    assert report.passed and report.mode == "exhaustive"
    assert report.n_params == 15 and report.n_compared == 15
    assert report.n_evaluations == 1 + 2 * 15
    assert report.max_rel_error < 1e-7
    for k in params:
        np.testing.assert_array_equal(params[k], before[k])
        np.testing.assert_allclose(report.numerical[k], grads[k], rtol=1e-6)


def test_gradcheck_exhaustive_names_the_wrong_entry():
    loss, params, grads = _quadratic_model(1)
    grads["W"][2, 1] *= 1.01
    report = gradcheck(loss, params, grads)
    assert not report
    assert report.worst[0].label == "W[2, 1]" and not report.worst[0].passed
    assert all(e.passed for e in report.worst[1:])
    text = str(report)
    assert "FAILED" in text and "BAD W[2, 1]" in text


def test_gradcheck_restores_parameters_when_f_raises():
    params = {"w": np.ones(3)}
    calls = [0]

    def f():
        calls[0] += 1
        if calls[0] > 2:
            raise RuntimeError("boom")
        return float(params["w"].sum())

    with pytest.raises(RuntimeError, match="boom"):
        gradcheck(f, params, {"w": np.ones(3)})
    np.testing.assert_array_equal(params["w"], np.ones(3))


def _large_model(seed, n_out=200, n_in=300, B=8):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(B, n_in))
    Y = rng.normal(size=(B, n_out))
    W = rng.normal(size=(n_out, n_in)) / np.sqrt(n_in)

    def loss():
        return float(np.mean(np.sum((np.tanh(X @ W.T) - Y) ** 2, axis=1)))

    Z = X @ W.T
    dZ = 2 * (np.tanh(Z) - Y) * (1 - np.tanh(Z) ** 2) / B
    return loss, W, dZ.T @ X


def test_gradcheck_auto_uses_directions_for_large_models_and_passes():
    loss, W, dW = _large_model(0)
    report = gradcheck(loss, {"W": W}, {"W": dW})
    assert report.mode == "directional" and report.n_params == 60_000
    assert report.passed, str(report)
    assert report.n_evaluations == 1 + 2 * 10      # independent of the 60,000 parameters


@pytest.mark.parametrize("seed", range(8))
def test_directional_mode_catches_and_locates_one_wrong_entry(seed):
    loss, W, dW = _large_model(100 + seed)
    rng = np.random.default_rng(seed)
    i, j = int(rng.integers(W.shape[0])), int(rng.integers(W.shape[1]))
    wrong = dW.copy()
    wrong[i, j] += np.abs(dW).mean() * (1 if seed % 2 else -1)   # one entry off by a typical size
    report = gradcheck(loss, {"W": W}, {"W": wrong}, mode="directional")
    assert not report.passed
    assert report.suspects and report.suspects[0].label == f"W[{i}, {j}]"
    assert not report.suspects[0].passed
    assert f"W[{i}, {j}]" in str(report)


def test_directional_mode_with_list_params_and_float32():
    rng = np.random.default_rng(7)
    loss, params, grads = _quadratic_model(2, n_out=30, n_in=40, dtype=np.float32)
    report = gradcheck(loss, [params["W"], params["b"]], [grads["W"], grads["b"]], mode="directional")
    assert report.passed, str(report)
    assert report.tol == 1e-2 and report.h == 1e-3 and any("float32" in n for n in report.notes)
    grads["b"] = -grads["b"]
    assert not gradcheck(loss, [params["W"], params["b"]], [grads["W"], grads["b"]], mode="directional",
                         rng=rng)


def test_gradcheck_notes_when_f_does_not_read_params():
    loss, params, grads = _quadratic_model(3)
    copies = {k: v.copy() for k, v in params.items()}
    report = gradcheck(loss, copies, grads)
    assert not report
    assert any("does f read the arrays" in n for n in report.notes)


def test_gradcheck_argument_errors():
    loss, params, grads = _quadratic_model(4)
    with pytest.raises(ValueError, match="unknown mode 'fast'"):
        gradcheck(loss, params, grads, mode="fast")
    with pytest.raises(ValueError, match="same keys"):
        gradcheck(loss, params, {"W": grads["W"], "c": grads["b"]})
    with pytest.raises(ValueError, match=r"grads 'W' must have the shape of its parameter, \(3, 4\), got \(4, 3\)"):
        gradcheck(loss, params, {"W": grads["W"].T, "b": grads["b"]})
    with pytest.raises(TypeError, match="params 'W' must be a float32/float64 numpy array"):
        gradcheck(loss, {"W": params["W"].tolist(), "b": params["b"]}, grads)
    with pytest.raises(TypeError, match="f must be a function"):
        gradcheck(None, params, grads)
    with pytest.raises(ValueError, match="same structure"):
        gradcheck(loss, params, [grads["W"], grads["b"]])
    with pytest.raises(ValueError, match="grads 'b' contains 1 NaN"):
        gradcheck(loss, params, {"W": grads["W"], "b": np.array([np.nan, 0.0, 0.0])})
    with pytest.raises(ValueError, match="f must return a scalar"):
        gradcheck(lambda: params["b"], params, grads)


def test_non_contiguous_inputs_and_parameters_are_perturbed_correctly():
    rng = np.random.default_rng(8)
    base = rng.normal(size=(4, 3))
    x = base.T                                             # (3, 4), Fortran-ordered view
    c = rng.normal(size=(3, 4))
    np.testing.assert_allclose(numerical_gradient(lambda z: float(np.sum(c * z ** 2)), x), 2 * c * x, rtol=1e-6)
    W = np.asfortranarray(rng.normal(size=(3, 4)))
    params = {"W": W}
    report = gradcheck(lambda: float(np.sum(c * params["W"] ** 2)), params, {"W": 2 * c * W}, mode="exhaustive")
    assert report.passed, str(report)
    wrong = 2 * c * W
    wrong[1, 2] += 1.0
    report = gradcheck(lambda: float(np.sum(c * params["W"] ** 2)), params, {"W": wrong}, mode="exhaustive")
    assert report.worst[0].label == "W[1, 2]" and not report.worst[0].passed
