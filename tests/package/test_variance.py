"""backprop.variance: the forward/backward recursions against closed forms, Monte Carlo and
simulated networks (fixed seeds; tolerances from the measured spread, see comments)."""

import math

import numpy as np
import pytest

from backprop import layers
from backprop_reference import init
from backprop_reference import variance as V


def test_linear_network_is_a_product_of_layer_factors():
    widths = [30, 50, 20, 40]
    var_w = [0.01, 0.03, 0.02]
    q = V.forward_variances(widths, var_w, "linear", input_var=2.0)
    expected = 2.0 * np.cumprod([widths[l] * var_w[l] for l in range(3)])
    np.testing.assert_allclose(q, expected, rtol=1e-12)
    r = V.backward_variances(widths, var_w, "linear", output_grad_var=3.0)
    # Var(delta^3) = 3; Var(delta^2) = n_3 Var(W^3) 3; Var(delta^1) = n_2 Var(W^2) Var(delta^2)
    np.testing.assert_allclose(r, [3.0 * 40 * 0.02 * 20 * 0.03, 3.0 * 40 * 0.02, 3.0], rtol=1e-12)


def test_relu_halves_the_second_moment():
    widths = [64] * 6
    q = V.forward_variances(widths, 2.0 / 64, "relu")      # He: every layer keeps Var(z) = 2
    np.testing.assert_allclose(q, 2.0, rtol=1e-12)
    q = V.forward_variances(widths, 1.0 / 64, "relu")      # Xavier with ReLU: halves per layer
    np.testing.assert_allclose(q, [1.0, 0.5, 0.25, 0.125, 0.0625], rtol=1e-12)
    r = V.backward_variances(widths, 2.0 / 64, "relu")
    np.testing.assert_allclose(r, 0.5, rtol=1e-12)


def test_predicted_variances_use_the_scheme():
    widths = [784, 256, 128, 10]
    q = V.predicted_variances("xavier_normal", widths, "linear", gain=1.5)
    v = [1.5 ** 2 * 2 / (widths[l] + widths[l + 1]) for l in range(3)]
    np.testing.assert_allclose(q, np.cumprod([widths[l] * v[l] for l in range(3)]), rtol=1e-12)


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu", "linear"])
@pytest.mark.parametrize("q", [0.05, 1.0, 9.0])
def test_gaussian_moments_match_monte_carlo(activation, q):
    z = np.random.default_rng(0).normal(0.0, math.sqrt(q), size=2_000_000)
    g = {"linear": z, "relu": np.maximum(z, 0), "tanh": np.tanh(z), "sigmoid": 1 / (1 + np.exp(-z))}[activation]
    gp = {"linear": np.ones_like(z), "relu": (z > 0) * 1.0, "tanh": 1 - np.tanh(z) ** 2,
          "sigmoid": g * (1 - g)}[activation]
    for est, samples in ((V.second_moment(activation, q, "gaussian"), g ** 2),
                         (V.derivative_second_moment(activation, q, "gaussian"), gp ** 2)):
        se = samples.std() / math.sqrt(samples.size)
        assert abs(float(est) - samples.mean()) <= 5 * se + 1e-9


def test_linear_regime_is_the_small_variance_limit():
    for act in ("tanh", "sigmoid"):
        for fn in (V.second_moment, V.derivative_second_moment):
            lin, gauss = fn(act, 1e-4, "linear"), fn(act, 1e-4, "gaussian")
            assert float(gauss) == pytest.approx(float(lin), rel=1e-3)


def test_simulate_matches_the_layers_module():
    rng = np.random.default_rng(5)
    weights = [init.xavier_normal((7, 5), rng), init.xavier_normal((6, 7), rng)]
    X, dA = rng.normal(size=(4, 5)), rng.normal(size=(4, 6))
    sim = V.simulate(weights, "tanh", X, dA)
    Z1, c1 = layers.linear_forward(X, weights[0], np.zeros(7))
    A1, t1 = layers.tanh_forward(Z1)
    Z2, c2 = layers.linear_forward(A1, weights[1], np.zeros(6))
    A2, t2 = layers.tanh_forward(Z2)
    d2 = layers.tanh_backward(dA, t2)
    dA1, _, _ = layers.linear_backward(d2, c2)
    d1 = layers.tanh_backward(dA1, t1)
    np.testing.assert_allclose(sim["z_var"], [np.mean(Z1 ** 2), np.mean(Z2 ** 2)], rtol=1e-12)
    np.testing.assert_allclose(sim["delta_var"], [np.mean(d1 ** 2), np.mean(d2 ** 2)], rtol=1e-12)


# Theory against simulation. The measured log(Var_sim / Var_theory) has a spread across
# network draws that grows with depth (measured: at width 256, depth 10, sd 0.04 for linear
# and 0.26 for ReLU). Averaging 8 draws and allowing 5 standard deviations of that mean keeps
# honest code passing while a factor-2 error (0.69 in log) still fails.
@pytest.mark.parametrize("scheme,activation,sd", [
    ("xavier_normal", "linear", 0.04), ("lecun_normal", "linear", 0.04),
    ("xavier_uniform", "linear", 0.04), ("he_normal", "relu", 0.27), ("he_uniform", "relu", 0.27),
    ("xavier_normal", "relu", 0.27),
])
def test_forward_and_backward_theory_match_simulation(scheme, activation, sd):
    widths = [256] * 11
    logs_z, logs_d = [], []
    for seed in range(8):
        sim = V.simulate_scheme(scheme, widths, activation, batch=256, rng=seed)
        q = V.predicted_variances(scheme, widths, activation)
        vw = init.weight_variance(scheme, 256, 256)
        r = V.backward_variances(widths, vw, activation)
        logs_z.append(np.log(sim["z_var"] / q))
        logs_d.append(np.log(sim["delta_var"] / r))
    tol = 5 * sd / math.sqrt(8)
    assert np.all(np.abs(np.mean(logs_z, axis=0)) <= tol), np.mean(logs_z, axis=0)
    assert np.all(np.abs(np.mean(logs_d, axis=0)) <= tol), np.mean(logs_d, axis=0)


@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
def test_gaussian_theory_follows_saturation(activation):
    # mean over 4 networks; the sigmoid's nonzero mean makes single draws spread ~15%
    widths = [512] * 9
    sims = [V.simulate_scheme("xavier_normal", widths, activation, gain=2.0, batch=128, rng=s)
            for s in range(4)]
    z_var = np.mean([s["z_var"] for s in sims], axis=0)
    d_var = np.mean([s["delta_var"] for s in sims], axis=0)
    vw = init.weight_variance("xavier_normal", 512, 512, gain=2.0)
    q = V.forward_variances(widths, vw, activation, method="gaussian")
    r = V.backward_variances(widths, vw, activation, method="gaussian")
    np.testing.assert_allclose(z_var, q, rtol=0.12)
    np.testing.assert_allclose(d_var, r, rtol=0.15)
    lin = V.forward_variances(widths, vw, activation, method="linear")
    if activation == "tanh":   # the linear regime misses saturation: it predicts growth
        assert lin[-1] > 10 * z_var[-1]


def test_critical_gain_keeps_the_linear_regime_flat():
    for scheme, act in [("xavier_normal", "relu"), ("normal", "linear"), ("he_uniform", "tanh")]:
        g = V.critical_gain(scheme, 128, act)
        vw = init.weight_variance(scheme, 128, 128, gain=g)
        assert V.layer_gain(act, 128, vw) == pytest.approx(1.0)
    assert V.critical_gain("xavier_normal", 128, "relu") == pytest.approx(math.sqrt(2))
    assert V.critical_gain("normal", 100, "linear") == pytest.approx(0.1)   # std 1: 1 / sqrt(100)
    assert V.critical_gain("normal", 100, "linear", std=0.01) == pytest.approx(10.0)


def test_errors():
    with pytest.raises(ValueError, match="activation"):
        V.forward_variances([3, 3], 0.1, "gelu")
    with pytest.raises(ValueError, match="widths"):
        V.forward_variances([3], 0.1)
    with pytest.raises(ValueError, match="weight_var"):
        V.forward_variances([3, 3, 3], [0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="method"):
        V.second_moment("tanh", 1.0, "exact")
    with pytest.raises(ValueError, match="weights"):
        V.simulate([np.ones((3, 4))], "linear", np.ones((2, 5)))
