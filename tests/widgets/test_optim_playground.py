"""The optimizer playground without a browser: set controls, check trajectories and pixels."""

import numpy as np
import pytest

from backprop import surfaces
from backprop_reference import optim
from backprop.explorers.optim_playground import OPTIMIZERS, OptimizerPlayground, optimizer_playground


def independent_path(surface, name, steps, lr, lr_adaptive, momentum, rho, beta1, beta2):
    """The trajectory recomputed here with the pure update rules (no playground code)."""
    rules = {
        "SGD": lambda w, g, s: optim.sgd_update(w, g, s, lr=lr),
        "Momentum": lambda w, g, s: optim.momentum_update(w, g, s, lr=lr, beta=momentum),
        "Nesterov": lambda w, g, s: optim.nesterov_update(w, g, s, lr=lr, beta=momentum),
        "RMSProp": lambda w, g, s: optim.rmsprop_update(w, g, s, lr=lr_adaptive, rho=rho, eps=1e-8),
        "Adam": lambda w, g, s: optim.adam_update(w, g, s, lr=lr_adaptive, beta1=beta1,
                                                  beta2=beta2, eps=1e-8),
    }
    w, state, pts = np.array(surface.start, dtype=float), None, [np.array(surface.start, dtype=float)]
    for _ in range(steps):
        w, state = rules[name](w, surface.grad(w), state)
        if not np.isfinite(w).all() or np.abs(w).max() > 1e6:
            break
        pts.append(w)
    return np.array(pts)


def controls(pg):
    return dict(lr=pg.lr.value, lr_adaptive=pg.lr_adaptive.value, momentum=pg.momentum.value,
                rho=pg.rho.value, beta1=pg.beta1.value, beta2=pg.beta2.value)


def assert_paths_agree(pg):
    s = surfaces.get_surface(pg.surface.value)
    assert set(pg.paths) == set(pg.optimizers.value)
    for name, pts in pg.paths.items():
        ref = independent_path(s, name, pg.steps.value, **controls(pg))
        np.testing.assert_allclose(pts, ref, rtol=1e-12, atol=1e-12, err_msg=name)
        # the drawn path stops at the first point more than half a window outside the plot
        (x0, x1), (y0, y1) = s.xlim, s.ylim
        far = [i for i, (x, y) in enumerate(ref)
               if not (x0 - (x1 - x0) / 2 <= x <= x1 + (x1 - x0) / 2
                       and y0 - (y1 - y0) / 2 <= y <= y1 + (y1 - y0) / 2)]
        drawn = ref[: far[0] + 1] if far else ref
        line = pg.path_lines[name]
        np.testing.assert_allclose(line.get_xdata(), drawn[:, 0], rtol=1e-12)
        np.testing.assert_allclose(line.get_ydata(), drawn[:, 1], rtol=1e-12)
        np.testing.assert_allclose(pg.loss_lines[name].get_xdata(), np.arange(len(ref)))


@pytest.fixture(scope="module")
def pg():
    return optimizer_playground(steps=120)


def test_initial_state(pg):
    assert pg.n_updates == 1
    assert pg.png().startswith(b"\x89PNG")
    assert pg.optimizers.value == ("SGD", "Momentum", "Nesterov", "Adam")
    assert_paths_agree(pg)


def test_learning_rate_slider_changes_the_trajectories(pg):
    before = {k: v.copy() for k, v in pg.paths.items()}
    img = pg.png()
    n = pg.n_updates
    pg.lr.value = 0.03
    assert pg.n_updates == n + 1
    assert pg.png() != img
    for name in ("SGD", "Momentum", "Nesterov"):
        assert not np.array_equal(before[name], pg.paths[name])
    np.testing.assert_array_equal(before["Adam"], pg.paths["Adam"])   # Adam uses the other lr
    assert_paths_agree(pg)


@pytest.mark.parametrize("slider, value, affected", [
    ("momentum", 0.5, {"Momentum", "Nesterov"}),
    ("beta1", 0.5, {"Adam"}),
    ("beta2", 0.95, {"Adam"}),
    ("lr_adaptive", 0.02, {"Adam"}),
])
def test_each_slider_moves_exactly_its_optimizers(pg, slider, value, affected):
    before = {k: v.copy() for k, v in pg.paths.items()}
    getattr(pg, slider).value = value
    for name, pts in pg.paths.items():
        changed = not (pts.shape == before[name].shape and np.array_equal(pts, before[name]))
        assert changed == (name in affected), (slider, name)
    assert_paths_agree(pg)


def test_selection_surface_and_steps(pg):
    pg.optimizers.value = ("RMSProp", "Adam")
    assert set(pg.paths) == {"RMSProp", "Adam"}
    pg.rho.value = 0.5
    assert_paths_agree(pg)
    n = pg.n_updates
    pg.surface.value = "rosenbrock"
    assert pg.n_updates == n + 1                      # one redraw for surface + its default lrs
    s = surfaces.get_surface("rosenbrock")
    assert pg.lr.value == pytest.approx(s.lr_sgd, rel=1e-9)
    assert tuple(pg.ax_path.get_xlim()) == s.xlim
    assert_paths_agree(pg)
    pg.steps.value = 50
    assert all(len(p) <= 51 for p in pg.paths.values())
    assert pg.ax_loss.get_xlim() == (0, 50)
    assert_paths_agree(pg)


def test_divergence_is_reported(pg):
    pg.surface.value = "quadratic"
    pg.optimizers.value = ("SGD",)
    pg.steps.value = 200
    lam_max = 20.0
    pg.lr.value = 1.9 / lam_max
    assert not pg.diverged["SGD"]
    pg.lr.value = 2.3 / lam_max
    assert pg.diverged["SGD"]
    assert "SGD diverged" in pg.note.get_text()
    assert_paths_agree(pg)


def test_setting_the_same_value_twice_fires_nothing(pg):
    pg.momentum.value = 0.8
    n, img = pg.n_updates, pg.png()
    pg.momentum.value = 0.8
    pg.lr.value = pg.lr.value
    pg.surface.value = pg.surface.value
    assert pg.n_updates == n
    assert pg.png() == img


def test_static_fallback_bundle(pg):
    bundle = pg._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "Jupyter kernel" in bundle["text/plain"]
    import base64
    static = base64.b64decode(bundle["image/png"])
    assert static.startswith(b"\x89PNG") and static == pg.static_png()
    assert sum(len(str(v)) for v in bundle.values()) < 150_000      # fits a 200 kB per-cell output cap


def test_bad_arguments():
    with pytest.raises(ValueError, match="unknown surface"):
        OptimizerPlayground(surface="bowl")
    with pytest.raises(ValueError, match="unknown optimizer 'Adagrad'"):
        OptimizerPlayground(optimizers=("SGD", "Adagrad"))
    assert set(OPTIMIZERS) == {"SGD", "Momentum", "Nesterov", "RMSProp", "Adam"}


def test_no_pyplot_figures_and_no_ipympl():
    import sys

    import matplotlib.pyplot as plt
    n = len(plt.get_fignums())
    optimizer_playground(steps=20)
    assert len(plt.get_fignums()) == n
    assert "ipympl" not in sys.modules


def test_static_mode_without_widgets(monkeypatch):
    import base64
    import sys

    monkeypatch.setitem(sys.modules, "ipywidgets", None)        # import ipywidgets fails
    pg = OptimizerPlayground(optimizers=("SGD", "Adam"), steps=40)
    assert pg.static and pg.widget is None and "not installed" in pg.static_reason
    bundle = pg._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" not in bundle
    assert base64.b64decode(bundle["image/png"]) == pg.static_png() and pg.png().startswith(b"\x89PNG")
    assert "Jupyter kernel" in bundle["text/plain"] and "<img" in bundle["text/html"]
    before = pg.png()
    pg.surface.value, pg.lr_adaptive.value = "saddle", 0.2
    pg.redraw()
    assert pg.png() != before
    s = surfaces.get_surface("saddle")
    ref = independent_path(s, "Adam", 40, **controls(pg))
    np.testing.assert_allclose(pg.paths["Adam"], ref, rtol=1e-12, atol=1e-12)


def test_static_on_request():
    pg = OptimizerPlayground(static=True, steps=30)
    assert pg.static and pg.static_reason == "static=True was asked for"
    assert set(pg.paths) == {"SGD", "Momentum", "Nesterov", "Adam"}


# --------------------------------------------------------------------------- values the lesson names

import re  # noqa: E402
from pathlib import Path  # noqa: E402

LESSON_05 = Path(__file__).resolve().parents[2] / "solutions" / "05_optimizers" / "05_optimizers.py"


def lesson_learning_rates(path: Path = LESSON_05) -> set[float]:
    """Learning rates the lesson's prose names: `\\eta = 0.105`, `lr = 0.02`, `\\eta = 10^{-3}`,
    and the ends of "between 0.05 and 0.1" (markdown lines only; code cells set their own)."""
    text = "\n".join(line for line in path.read_text().splitlines() if line.startswith("#"))
    found = {float(v) for v in re.findall(r"(?:\\eta|\blr)\s*=\s*(\d*\.\d+|\d+e-\d+)\b", text)}
    found |= {10.0 ** -int(e) for e in re.findall(r"\\eta\s*=\s*10\^\{-(\d+)\}", text)}
    for a, b in re.findall(r"[Bb]etween (\d*\.\d+) and (\d*\.\d+)", text):
        found |= {float(a), float(b)}
    return found


def test_the_lessons_learning_rates_are_kept_and_behave_as_the_lesson_says():
    values = lesson_learning_rates()
    assert {0.095, 0.105} <= values, values          # the lesson's stability experiment is found
    pg = OptimizerPlayground(optimizers=("SGD", "Adam"), steps=200)
    # the browser sends back the handle's snapped position only when continuous_update is on
    assert pg.lr.continuous_update is False and pg.lr_adaptive.continuous_update is False
    for value in sorted(values):
        assert pg.lr.base ** pg.lr.min <= value <= pg.lr.base ** pg.lr.max, value
        pg.lr.value = value
        assert pg.lr.value == value
        assert pg.diverged["SGD"] == (value > 0.1), (value, pg.diverged["SGD"])    # 2 / lambda_max = 0.1
