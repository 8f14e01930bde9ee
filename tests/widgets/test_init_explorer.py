"""The lesson 04 explorer without a browser: controls, plotted data, theory, verdict, PNG bytes."""

import subprocess
import sys

import numpy as np
import pytest

from backprop_reference import init
from backprop_reference import variance as V
from backprop.explorers.init_explorer import (ACTIVATIONS, SCHEMES, WIDTHS, YLIM, InitExplorer,
                                              init_explorer, verdict)


@pytest.fixture
def ex():
    return InitExplorer(depth=6, width=64, activation="linear", scheme="xavier_normal", gain=1.0,
                        batch=256)


def independent(ex):
    """Per-layer Var(z^l), Var(delta^l), E[(a^l)^2] recomputed in float64 by backprop.variance.simulate
    from the explorer's own weights, input and output gradient."""
    X, dA = ex.inputs()
    sim = V.simulate(ex.weights(), ex.values["activation"], X, dA)
    return sim["z_var"], sim["delta_var"], sim["a_sq"]


def test_controls_cover_the_required_ranges(ex):
    assert (ex.depth.min, ex.depth.max) == (1, 50)
    assert ex.width.options[0] == 8 and ex.width.options[-1] == 1024
    assert tuple(ex.width.options) == WIDTHS
    assert set(ex.activation.options) == {"linear", "tanh", "relu", "sigmoid"}
    assert [v for _, v in ex.scheme.options] == list(SCHEMES)
    assert 10 ** ex.gain.min == pytest.approx(0.1) and 10 ** ex.gain.max == pytest.approx(10.0)
    assert ex.image.format == "png" and ex.image.value[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("scheme", ["xavier_normal", "he_uniform", "normal"])
def test_measured_values_agree_with_an_independent_computation(ex, activation, scheme):
    ex.activation.value = activation
    ex.scheme.value = scheme
    ex.gain.value = 1.7
    z, d, a2 = independent(ex)
    # float32 in the explorer vs float64 here
    np.testing.assert_allclose(ex.stats["z_var"], z, rtol=2e-3)
    np.testing.assert_allclose(ex.stats["delta_var"], d, rtol=2e-3)
    np.testing.assert_allclose(ex.stats["a_sq"], a2, rtol=2e-3)
    assert ex.stats["ratio_forward"] == pytest.approx(a2[-1] / a2[0], rel=5e-3)
    assert ex.stats["ratio_backward"] == pytest.approx(d[0] / d[-1], rel=5e-3)
    # and the markers show exactly those numbers (clipped to the axis)
    np.testing.assert_allclose(ex._meas_z.get_ydata(), np.clip(ex.stats["z_var"], *YLIM))
    np.testing.assert_allclose(ex._meas_d.get_ydata(), np.clip(ex.stats["delta_var"], *YLIM))
    np.testing.assert_array_equal(ex._meas_z.get_xdata(), np.arange(1, 7))


def test_exploding_net_keeps_finite_logs(ex):
    ex.update(activation="linear", gain=10.0, depth=30)         # x100 per layer: 1e60 overall
    z, d, _ = independent(ex)
    np.testing.assert_allclose(np.log(ex.stats["z_var"]), np.log(z), rtol=1e-3, atol=1e-2)
    np.testing.assert_allclose(np.log(ex.stats["delta_var"]), np.log(d), rtol=1e-3, atol=1e-2)
    assert ex.stats["verdict"] == "exploding"
    ex.update(gain=0.1)                                          # x1e-2 per layer
    assert np.log10(ex.stats["z_var"][-1]) == pytest.approx(np.log10(independent(ex)[0][-1]), abs=0.01)
    assert ex.stats["verdict"] == "vanishing"


def test_changes_update_plot_image_and_verdict(ex):
    png0, z0, n0 = ex.image.value, ex._meas_z.get_ydata().copy(), ex.n_updates
    ex.gain.value = 1.5
    assert ex.n_updates == n0 + 1
    assert ex.image.value != png0
    assert not np.allclose(ex._meas_z.get_ydata(), z0)
    # linear net: each layer multiplies Var(z) by gain^2, so the last/first ratio is 1.5^(2*5)
    assert ex.stats["ratio_forward"] == pytest.approx(1.5 ** 10, rel=0.15)
    assert ex.stats["verdict"] == "exploding"
    assert "EXPLODING" in ex.verdict_label.value
    assert f"{ex.stats['ratio_forward']:.3g}" in ex.stats["verdict_text"]


def test_setting_the_same_value_fires_nothing(ex):
    ex.gain.value = 1.2
    n, png = ex.n_updates, ex.image.value
    ex.gain.value = 1.2
    ex.depth.value = ex.depth.value
    ex.activation.value = "linear"
    assert ex.n_updates == n and ex.image.value is png


@pytest.mark.parametrize("scheme", ["xavier_normal", "lecun_normal", "xavier_uniform"])
def test_linear_with_variance_preserving_init_is_stable(ex, scheme):
    ex.update(scheme=scheme, depth=10, width=256, gain=1.0)
    assert 0.8 < ex.stats["ratio_forward"] < 1.25
    assert 0.8 < ex.stats["ratio_backward"] < 1.25
    assert ex.stats["verdict"] == "stable" and ex.stats["verdict_text"].startswith("STABLE")
    np.testing.assert_allclose(ex.stats["theory_z"], 1.0)
    np.testing.assert_allclose(ex.stats["z_var"], ex.stats["theory_z"], rtol=0.15)
    np.testing.assert_allclose(ex.stats["delta_var"], ex.stats["theory_delta"], rtol=0.15)


def test_relu_needs_he_or_gain_sqrt2(ex):
    ex.update(activation="relu", scheme="xavier_normal", depth=20, width=256, gain=1.0)
    assert ex.stats["verdict"] == "vanishing"
    assert ex.stats["ratio_forward"] < 1e-3
    # theory: Var(z) halves per layer
    np.testing.assert_allclose(ex.stats["theory_z"], 0.5 ** np.arange(20))
    ex.update(gain=float(np.sqrt(2)))          # the critical gain of the formula
    assert ex.stats["verdict"] == "stable"
    ex.update(scheme="he_normal", gain=1.0)
    assert ex.stats["verdict"] == "stable"
    np.testing.assert_allclose(ex.stats["theory_z"], 2.0)


def test_plain_normal_critical_gain_matches_formula(ex):
    # N(0, (0.01 gain)^2), width 256, linear: stable when 256 (0.01 gain)^2 = 1, gain = 6.25
    g = V.critical_gain("normal", 256, "linear", std=0.01)
    assert g == pytest.approx(6.25)
    ex.update(scheme="normal", width=256, depth=10, gain=g)
    assert ex.stats["verdict"] == "stable"
    ex.update(gain=g / 1.3)
    assert ex.stats["verdict"] == "vanishing"


def test_theory_lines_are_backprop_variance(ex):
    ex.update(activation="tanh", scheme="he_normal", gain=0.8, depth=8)
    vw = init.weight_variance("he_normal", 64, 64, gain=0.8)
    for method, key_z, key_d, line_z, line_d in (
            ("linear", "theory_z", "theory_delta", ex._theo_z, ex._theo_d),
            ("gaussian", "gauss_z", "gauss_delta", ex._gauss_z, ex._gauss_d)):
        q = V.forward_variances([64] * 9, vw, "tanh", method=method)
        r = V.backward_variances([64] * 9, vw, "tanh", method=method)
        np.testing.assert_allclose(ex.stats[key_z], q)
        np.testing.assert_allclose(ex.stats[key_d], r)
        np.testing.assert_allclose(line_z.get_ydata(), np.clip(q, *YLIM))
        np.testing.assert_allclose(line_d.get_ydata(), np.clip(r, *YLIM))


def test_sliders_scale_fixed_draws_instead_of_resampling(ex):
    W_before = ex.weights()
    ex.gain.value = 2.0
    W_after = ex.weights()
    for a, b in zip(W_before, W_after):
        np.testing.assert_allclose(b, 2.0 * a, rtol=1e-6)
    ex.depth.value = 9                                   # deeper: first layers unchanged
    for a, b in zip(W_after, ex.weights()[:6]):
        np.testing.assert_array_equal(a, b)


def test_histograms(ex):
    ex.update(depth=25, activation="tanh", gain=3.0)
    shown = ex.stats["hist_layers"]
    assert shown[0] == 1 and shown[-1] == 25 and len(shown) == 10
    counts = ex.stats["hists"][25]
    # saturated tanh: most activations sit in the outer bins near +-1
    edges = ex.stats["hist_edges"]
    centers = 0.5 * (edges[1:] + edges[:-1])
    assert counts[np.abs(centers) > 0.9].sum() > 0.5 * counts.sum()
    # the drawn ridge is that histogram, scaled to its maximum
    line = ex._ridge_lines[len(shown) - 1]
    y = line.get_ydata()
    np.testing.assert_allclose(y - y.min(), 0.95 * counts / counts.max() - (0.95 * counts / counts.max()).min())
    assert sum(l.get_visible() for l in ex._ridge_lines) == 10
    ex.update(depth=3)
    assert sum(l.get_visible() for l in ex._ridge_lines) == 3


def test_histogram_counts_match_numpy(ex):
    ex.update(activation="relu", scheme="he_normal", depth=4, gain=1.3)
    X, _ = ex.inputs()
    A = X
    for W in ex.weights():
        A = np.maximum(A @ W.T, 0)
    rows = ex.stats["hist_layers"] and -(-16384 // 64)
    a = A[:rows].ravel()
    a = a[a > 0]
    edges = ex.stats["hist_edges"]
    expected, _ = np.histogram(np.clip(a, edges[0], edges[-1] - 1e-9), bins=edges)
    got = ex.stats["hists"][4]
    assert got.sum() == expected.sum()
    assert np.abs(got - expected).sum() <= 0.002 * expected.sum()   # float32 rounding at bin edges


def test_tanh_fixed_point_is_not_called_vanishing(ex):
    # tanh settles to a fixed point for gains a little above 1 (the Gaussian theory's dotted
    # line); at gain 1 it decays slowly, at large gains the gradients explode
    ex.update(activation="tanh", scheme="xavier_normal", width=256, depth=20, gain=1.3)
    assert ex.stats["verdict"] == "stable"
    ex.update(gain=1.0)
    assert ex.stats["verdict"] == "vanishing"
    ex.update(gain=3.0)
    assert ex.stats["verdict"] == "exploding" and ex.stats["verdict_text"].startswith("EXPLODING gradients")


def test_depth_one_and_verdict_helper():
    assert verdict(1.0, 1.0, 10)[0] == "stable"
    assert verdict(0.1, 1.0, 10)[0] == "vanishing"
    assert verdict(1.0, 5.0, 10)[0] == "exploding"
    assert verdict(1.0, 0.2, 10)[0] == "vanishing"
    assert verdict(0.3, 3.0, 10)[0] == "stable"          # the band is [1/4, 4]
    assert verdict(float("inf"), float("inf"), 10)[0] == "exploding"
    e = InitExplorer(depth=1, width=8, batch=64)
    assert e.stats["verdict"] == "stable" and "one layer" in e.stats["verdict_text"]


def test_bad_values_are_rejected():
    with pytest.raises(ValueError, match="depth"):
        InitExplorer(depth=51)
    with pytest.raises(ValueError, match="width"):
        InitExplorer(width=100)
    with pytest.raises(ValueError, match="scheme"):
        InitExplorer(scheme="orthogonal")
    with pytest.raises(ValueError, match="gain"):
        InitExplorer(gain=20.0)
    with pytest.raises(TypeError, match="unknown setting"):
        InitExplorer(depth=2, width=8).update(lr=0.1)


def test_static_mode_and_mimebundle():
    e = init_explorer(static=True, depth=3, width=16)
    assert e.widget is None and e.image is None and e.static
    png = e.png()
    assert png.startswith(b"\x89PNG")
    bundle = e._repr_mimebundle_()
    assert set(bundle) == {"image/png", "text/plain"}
    assert "live Jupyter kernel" in bundle["text/plain"]
    e.update(gain=2.0)
    assert e.png() != png and e.values["gain"] == 2.0
    live = init_explorer(depth=3, width=16)
    bundle = live._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle and "image/png" in bundle


def test_falls_back_to_static_without_ipywidgets(monkeypatch):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)      # import ipywidgets -> ImportError
    e = InitExplorer(depth=2, width=8)
    assert e.static and "ipywidgets is not installed" in e.static_reason
    assert e._repr_mimebundle_()["image/png"]


def test_no_pyplot_no_ipympl():
    code = ("import sys; from backprop.explorers import init_explorer; e = init_explorer(depth=2, width=8); "
            "print('matplotlib.pyplot' in sys.modules, 'ipympl' in sys.modules, type(e).__name__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "InitExplorer"]


def test_activation_names_come_from_the_package_registry(ex):
    """Any name backprop.activations accepts works; an alias shows as the dropdown's name."""
    from backprop.activations import ACTIVATION_NAMES, get_activation
    assert {get_activation(a).name for a in ACTIVATIONS} == {get_activation(a).name for a in ACTIVATION_NAMES}
    ex.update(activation="tanh")
    ex.update(activation="identity")
    assert ex.values["activation"] == "linear" and ex.activation.value == "linear"
    fresh = InitExplorer(depth=6, width=64, activation="identity", scheme="xavier_normal", gain=1.0,
                         batch=256, static=True)
    assert fresh.values["activation"] == "linear"
    for key in ("z_var", "delta_var", "a_sq"):
        np.testing.assert_allclose(fresh.stats[key], ex.stats[key], rtol=1e-12)
    with pytest.raises(ValueError) as info:
        InitExplorer(activation="gelu", static=True)
    assert all(repr(a) in str(info.value) for a in ACTIVATION_NAMES)


# --------------------------------------------------------------------------- values the lesson names

import math  # noqa: E402
import re  # noqa: E402
from pathlib import Path  # noqa: E402

LESSON_04 = Path(__file__).resolve().parents[2] / "solutions" / "04_initialization" / "04_initialization.py"


def lesson_values(word: str) -> set[float]:
    """Numbers the lesson's prose gives for `word` ("gain 1", "gain to 5", "gain=1.4",
    "depth 50", "width 1024") in the explorer's section (markdown lines from "The explorer")."""
    lines = LESSON_04.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("#") and "The explorer" in line)
    text = "\n".join(line for line in lines[start:] if line.startswith("#"))
    return {float(v) for v in re.findall(rf"\b{word}(?: to|\s*=)?\s*(\d+(?:\.\d+)?)\b", text)}


def test_the_lessons_gains_depths_and_widths_are_reachable():
    ex = InitExplorer(depth=2, width=8, batch=64)
    gains = lesson_values("gain")
    assert {1.0, 5.0} <= gains, gains
    g = ex.gain
    for value in gains:
        k = round((math.log(value, g.base) - g.min) / g.step)   # the browser's snap of the exponent
        snapped = g.base ** (g.min + k * g.step)
        fmt = "{:" + g.readout_format + "}"
        assert fmt.format(snapped) == fmt.format(value), (value, snapped)
    depths, widths = lesson_values("depth"), lesson_values("width")
    assert depths and widths
    assert all(ex.depth.min <= d <= ex.depth.max for d in depths), depths
    assert all(int(w) in ex.width.options for w in widths), widths


def test_a_smaller_batch_is_said():
    ex = InitExplorer(depth=10, width=256, activation="tanh", batch=512)
    assert ex.stats["batch"] == 512 and ex.batch_note() == ""
    assert "<br>" not in ex.verdict_label.value
    ex.depth.value = 50
    used = ex.stats["batch"]
    assert used < 512
    assert ex.inputs()[0].shape[0] == used
    note = ex.batch_note()
    assert f"from 512 to {used}" in note and "depth 50" in note
    assert note in ex.verdict_label.value.replace("&amp;", "&")
    assert f"(batch {used} of 512)" in ex._title.get_text()
