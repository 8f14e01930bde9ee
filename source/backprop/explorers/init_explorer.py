"""Lesson 04's initialization explorer: watch the signal vanish, hold or explode as you slide.

    from backprop.explorers import init_explorer
    init_explorer()                                  # last line of a notebook cell
    init_explorer(activation="relu", scheme="xavier_normal", depth=20)

A bias-free MLP of `depth` square layers (width -> width) runs forward on a batch
x ~ N(0, 1) and backward from a gradient dL/da^L ~ N(0, 1) fed in at its output:

    z^l = W^l a^(l-1),  a^l = g(z^l),   delta^l = ((W^(l+1))^T delta^(l+1)) * g'(z^l)

Controls: depth (1-50), width (8-1024), activation (linear, tanh, relu, sigmoid), the
initialization scheme (plain normal with std 0.01, LeCun, Xavier normal and
uniform, He normal and uniform) and a gain on the weights' standard deviation (log slider,
0.1-10): W^l = gain * (a draw from the scheme). Left: histograms of the activations a^l of
up to ten layers (a ridge plot, first layer on top). Right: Var(z^l) and Var(delta^l) per
layer on a log scale, measured (markers) and predicted by the variance recursions of lesson 04 (`_theory`; lines: solid
for the linear-regime formula of the lesson, dotted for the exact Gaussian average, which
also follows tanh and the sigmoid into saturation). Above: a one-line verdict from the
measured ratios E[(a^L)^2] / E[(a^1)^2] (the activations' second moment: for linear and ReLU
layers the same ratio as Var(z^L) / Var(z^1); for tanh it does not mistake a settled fixed
point for vanishing) and Var(delta^1) / Var(delta^L).

How it stays fast (see bench/init_explorer_benchmark.py; the budget is 100 ms per update at
depth 10, width 256, batch 512):
- the random matrices are drawn once per width (standard normal and, when a uniform scheme
  is chosen, uniform on [-1, 1]) and only *scaled* by the scheme and the gain, so a slider
  never resamples noise and a deeper net keeps the same first layers;
- float32 matrix products with one BLAS thread's worth of work; linear and ReLU layers are
  positively homogeneous, so the forward signal is renormalised every layer and its scale
  kept as a logarithm (no overflow at gain 10, no denormals at gain 0.1); gradients are
  linear in the output gradient and get the same treatment for every activation;
- one matplotlib Figure drawn through the object API, its layout solved once; an update
  changes the artists' data and sends PNG bytes to an `ipywidgets.Image`;
- callbacks run synchronously, so the front end drops superseded slider values instead of
  queueing redraws; setting a control to its current value triggers nothing;
- above the benchmark's work (batch x width^2 x depth) the batch shrinks, to no fewer than 32
  rows: the figure's title says "batch 102 of 512" and a line under the verdict says so.

Where widgets cannot render (no ipywidgets, a static HTML export, GitHub, a terminal), the
object shows a PNG of the current state with a note; `init_explorer(static=True)` asks for
that directly.
"""

from __future__ import annotations

import base64
import io
import math
import time

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

from backprop.explorers import _theory
from backprop.activations import get_activation
from backprop._validate import check_choice

__all__ = ["InitExplorer", "init_explorer", "SCHEMES", "ACTIVATIONS", "WIDTHS", "verdict"]

SCHEMES = ("normal", "lecun_normal", "xavier_normal", "xavier_uniform", "he_normal", "he_uniform")
SCHEME_LABELS = {"normal": "normal (std 0.01)", "lecun_normal": "LeCun normal",
                 "xavier_normal": "Xavier normal", "xavier_uniform": "Xavier uniform",
                 "he_normal": "He normal", "he_uniform": "He uniform"}
ACTIVATIONS = ("linear", "tanh", "relu", "sigmoid")   # the dropdown, in display order
# registry name (backprop.activations) -> the name the dropdown shows
_DISPLAY_NAME = {get_activation(name).name: name for name in ACTIVATIONS}
WIDTHS = (8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024)
NORMAL_STD = 0.01             # the plain "normal" scheme: N(0, (gain * 0.01)^2)
DEPTH_RANGE = (1, 50)
GAIN_RANGE = (0.1, 10.0)
GAIN_STEP = 0.001        # exponent step of the gain slider: 1.4, 0.8, 5 ... land on their readout
MAX_RIDGES = 10               # histograms shown (evenly spaced layers, first and last included)
N_BINS = 61
HIST_VALUES = 16384           # activations per layer that enter a histogram
STABLE = (0.25, 4.0)          # a ratio inside this band counts as "stable"
YLIM = (1e-8, 1e8)            # variance axis; values beyond it sit on the frame
HIST_RANGE = {"linear": (-5.0, 5.0), "relu": (-0.25, 5.0), "tanh": (-1.1, 1.1),
              "sigmoid": (-0.05, 1.05)}
STATIC_NOTE = ("Static snapshot of the initialization explorer: the sliders need a live Jupyter "
               "kernel with ipywidgets (JupyterLab, Notebook 7 or Voila). Run the cell to get the "
               "interactive version, or call .update(gain=..., ...) to redraw this figure.")
_C_FWD, _C_BWD = "#1f77b4", "#d62728"
_LN10 = math.log(10.0)


def verdict(ratio_forward: float, ratio_backward: float, depth: int) -> tuple[str, str]:
    """(word, sentence) for measured ratios E[(a^L)^2]/E[(a^1)^2] and Var(delta^1)/Var(delta^L).

    A ratio in [1/4, 4] is stable; below, vanishing; above, exploding. The word is the
    gradients' verdict when they are not stable, otherwise the activations'.
    """
    def kind(r):
        if not np.isfinite(r) and r > 0:
            return "exploding"
        if not r > STABLE[0]:
            return "vanishing"
        return "exploding" if r > STABLE[1] else "stable"

    kf, kb = kind(ratio_forward), kind(ratio_backward)
    word = kb if kb != "stable" else kf
    if kf == kb:
        head = "STABLE" if kf == "stable" else f"{kf.upper()} activations and gradients"
    else:
        head = " and ".join(f"{k.upper()} {what}" for k, what in
                            ((kf, "activations"), (kb, "gradients")) if k != "stable")
    if depth == 1:
        text = f"{head}: one layer only, nothing is propagated yet; add layers to see the signal change."
    else:
        text = (f"{head}: E[a\u00b2] x {_fmt(ratio_forward)} from layer 1 to {depth}, "
                f"Var(\u03b4) x {_fmt(ratio_backward)} from layer {depth} down to 1")
    return word, text


def _fmt(x: float) -> str:
    if not np.isfinite(x):
        return "inf" if x > 0 else "nan"
    return f"{x:.3g}" if 1e-3 <= abs(x) < 1e4 else f"{x:.2e}"


class _Simulation:
    """The numbers behind the plots; float32, matrices sampled once per width and scaled."""

    def __init__(self, batch: int, seed: int):
        self.batch_max = int(batch)
        self.seed = int(seed)
        self.width = None
        self.normal_base: list[np.ndarray] = []     # B_l, (n, n): W^l = scale * B_l.T
        self.uniform_base: list[np.ndarray] = []

    def _rng(self, family: str, layer: int) -> np.random.Generator:
        tag = {"x": 0, "normal": 1, "uniform": 2}[family]
        return np.random.default_rng([self.seed, self.width, tag, layer])

    def batch_for(self, width: int, depth: int | None = None) -> int:
        """Rows of the batch used. The cost of an update grows as B n^2 L: beyond the work of
        the benchmark setting (B = batch_max, n = 256, L = 10) the batch shrinks (not below 32),
        always taking the first rows of the same sample, so a change of depth keeps the inputs."""
        rows = max(64, min(self.batch_max, (self.batch_max * 256) // width))
        if depth is not None:
            budget = self.batch_max * 256 * 256 * 10
            rows = max(32, min(rows, budget // (width * width * depth)))
        return rows

    def prepare(self, width: int, depth: int, family: str) -> None:
        if width != self.width:
            self.width = width
            self.normal_base, self.uniform_base = [], []
            B = self.batch_for(width)
            rng = self._rng("x", 0)
            self.X = rng.standard_normal((B, width), dtype=np.float32)
            self.dA_out = rng.standard_normal((B, width), dtype=np.float32)
        base = self.normal_base if family == "normal" else self.uniform_base
        while len(base) < depth:
            rng = self._rng(family, len(base))
            if family == "normal":
                base.append(rng.standard_normal((width, width), dtype=np.float32))
            else:
                u = rng.random((width, width), dtype=np.float32)
                u *= 2.0
                u -= 1.0
                base.append(u)

    def weight_scale(self, scheme: str, width: int, gain: float) -> tuple[str, float]:
        """(family, s): W = s * base, base standard normal or uniform on [-1, 1]."""
        if scheme == "normal":
            return "normal", gain * NORMAL_STD
        var = _theory.square_weight_variance(scheme, width, gain)
        if scheme.endswith("_uniform"):
            return "uniform", math.sqrt(3.0 * var)
        return "normal", math.sqrt(var)

    def weights(self, depth: int, width: int, scheme: str, gain: float) -> list[np.ndarray]:
        """The current W^1..W^L as float64 arrays (n_out, n_in) (for tests and the curious)."""
        family, s = self.weight_scale(scheme, width, gain)
        self.prepare(width, depth, family)
        base = self.normal_base if family == "normal" else self.uniform_base
        return [s * base[l].T.astype(np.float64) for l in range(depth)]

    def run(self, depth: int, width: int, activation: str, scheme: str, gain: float,
            hist_layers: list[int], edges: np.ndarray) -> dict:
        family, s = self.weight_scale(scheme, width, gain)
        self.prepare(width, depth, family)
        base = self.normal_base if family == "normal" else self.uniform_base
        spec = get_activation(activation)
        homogeneous = spec.homogeneous     # g(c z) = c g(z): carry the scale c separately
        log_s = math.log(s)
        rows = self.batch_for(width, depth)
        A, log_c = self.X[:rows], 0.0       # a^(l-1) = exp(log_c) * A
        B, n = A.shape
        size = B * n
        hist_rows = max(1, min(B, -(-HIST_VALUES // n)))
        log_zvar = np.empty(depth)
        log_asq = np.empty(depth)          # log E[(a^l)^2], for the verdict
        Zs = []
        hists, stds, zero_frac = {}, {}, {}
        for l in range(depth):
            Z = A @ base[l]                 # = (A @ W^T) / s
            ms = float(np.dot(Z.ravel(), Z.ravel())) / size
            if homogeneous:
                log_scale = log_c + log_s   # true z = exp(log_scale) * Z
                log_zvar[l] = (math.log(ms) if ms > 0 else -np.inf) + 2 * log_scale
                if ms > 0:
                    r = math.sqrt(ms)
                    Z *= np.float32(1.0 / r)
                    log_scale += math.log(r)
                Zs.append(Z)
                A = spec.g(Z)
                log_c = log_scale
            else:
                Z *= np.float32(s)
                log_zvar[l] = (math.log(ms) if ms > 0 else -np.inf) + 2 * log_s
                Zs.append(Z)
                A = spec.g(Z)
                log_c = 0.0
            m_a = float(np.dot(A.ravel(), A.ravel())) / size
            log_asq[l] = (math.log(m_a) if m_a > 0 else -np.inf) + 2 * log_c
            if l + 1 in hist_layers:
                hists[l + 1], stds[l + 1], zero_frac[l + 1] = self._histogram(
                    A[:hist_rows], log_c, edges, activation)
        # backward: delta^L = dA_out * g'(z^L); dL/da^(l-1) = delta^l W^l; true = exp(log_e) * stored
        log_dvar = np.empty(depth)
        dA, log_e = self.dA_out[:rows], 0.0
        for l in range(depth - 1, -1, -1):
            Z = Zs[l]
            delta = dA if spec.name == "identity" else dA * spec.prime(Z)
            md = float(np.dot(delta.ravel(), delta.ravel())) / size
            log_dvar[l] = (math.log(md) if md > 0 else -np.inf) + 2 * log_e
            if md > 0:
                r = math.sqrt(md)
                delta = delta * np.float32(1.0 / r)
                log_e += math.log(r)
            if l > 0:
                dA = delta @ base[l].T      # = (delta @ W^l) / s
                log_e += log_s
        return {"log_zvar": log_zvar, "log_asq": log_asq, "log_dvar": log_dvar, "hists": hists, "stds": stds,
                "zero_frac": zero_frac, "batch": B}

    @staticmethod
    def _histogram(A, log_c, edges, activation):
        """Counts of exp(log_c) * A in the bins `edges`, values beyond piled in the end bins."""
        lo, hi = float(edges[0]), float(edges[-1])
        nb = len(edges) - 1
        c = math.exp(log_c) if log_c < 700 else math.inf
        flat = A.ravel()
        if activation == "relu":
            pos = flat > 0
            zero_frac = 1.0 - float(np.count_nonzero(pos)) / flat.size
            flat = flat[pos]
        else:
            zero_frac = 0.0
        std = float(np.std(flat.astype(np.float64))) * c if flat.size else 0.0
        if flat.size == 0:
            return np.zeros(nb), std, zero_frac
        k = nb / (hi - lo)
        zero_bin = min(max(int(math.floor(-lo * k)), 0), nb - 1)
        if not math.isfinite(c) or c * k > 1e30:   # every nonzero value is far off the axis
            idx = np.where(flat > 0, nb - 1, np.where(flat < 0, 0, zero_bin))
        elif c * k < 1e-30:                 # every value rounds to the bin of 0
            idx = np.full(flat.size, zero_bin)
        else:
            # bin index of c * x in [lo, hi): floor((c x - lo) nb / (hi - lo)), clipped
            idx = np.floor(flat * np.float32(c * k) - np.float32(lo * k))
            np.clip(idx, 0, nb - 1, out=idx)
            idx = idx.astype(np.intp)
        counts = np.bincount(idx, minlength=nb).astype(np.float64)
        return counts, std, zero_frac


class InitExplorer:
    """Sliders for depth, width, activation, scheme and gain over live variance plots.

    Attributes for notebooks and tests: the controls `depth`, `width`, `activation`,
    `scheme`, `gain` (ipywidgets; None in static mode), `image` (ipywidgets.Image),
    `verdict_label` (ipywidgets.HTML), `widget` (the whole VBox), `figure` (matplotlib),
    `stats` (the numbers last drawn: measured and predicted variances per layer, the ratios,
    the verdict), `n_updates` and `last_update_seconds`.
    """

    def __init__(self, depth: int = 10, width: int = 256, activation: str = "tanh",
                 scheme: str = "xavier_normal", gain: float = 1.0, *, batch: int = 512,
                 seed: int = 0, static: bool = False, dpi: int = 80):
        self._values = self._checked(dict(depth=depth, width=width, activation=activation,
                                          scheme=scheme, gain=gain))
        self._sim = _Simulation(batch, seed)
        self.n_updates = 0
        self.last_update_seconds = float("nan")
        self.stats: dict = {}
        self._png = b""
        self._build_figure(dpi)
        self.widget = None
        self.depth = self.width = self.activation = self.scheme = self.gain = None
        self.image = self.verdict_label = None
        self.static = True
        if not static:
            try:
                import ipywidgets  # noqa: F401
            except ImportError:
                self.static_reason = "ipywidgets is not installed"
            else:
                self._build_widgets()
                self.static = False
        if self.static and not hasattr(self, "static_reason"):
            self.static_reason = "static=True was asked for"
        self._refresh()

    # ------------------------------------------------------------------ values
    @staticmethod
    def _checked(v: dict) -> dict:
        depth = int(v["depth"])
        if not DEPTH_RANGE[0] <= depth <= DEPTH_RANGE[1]:
            raise ValueError(f"depth must be in {DEPTH_RANGE[0]}..{DEPTH_RANGE[1]}, got {v['depth']!r}.")
        width = int(v["width"])
        if width not in WIDTHS:
            raise ValueError(f"width must be one of {WIDTHS}, got {v['width']!r}.")
        spec = get_activation(v["activation"])          # any registered name or alias
        if spec.name not in _DISPLAY_NAME:
            check_choice(v["activation"], "activation", ACTIVATIONS)
        activation = _DISPLAY_NAME[spec.name]             # "identity" shows as "linear"
        check_choice(v["scheme"], "scheme", SCHEMES)
        gain = float(v["gain"])
        if not GAIN_RANGE[0] <= gain <= GAIN_RANGE[1]:
            raise ValueError(f"gain must be in [{GAIN_RANGE[0]}, {GAIN_RANGE[1]}], got {v['gain']!r}.")
        return dict(depth=depth, width=width, activation=activation, scheme=v["scheme"], gain=gain)

    @property
    def values(self) -> dict:
        """The current settings: depth, width, activation, scheme, gain."""
        return dict(self._values)

    def update(self, **changes) -> None:
        """Change some settings and redraw once (sets the widgets too, when there are any)."""
        unknown = set(changes) - set(self._values)
        if unknown:
            raise TypeError(f"unknown setting(s) {sorted(unknown)}; known: {sorted(self._values)}.")
        new = self._checked({**self._values, **changes})
        if self.static:
            if new != self._values:
                self._values = new
                self._refresh()
            return
        self._batching = True
        try:
            for name, value in new.items():
                if getattr(self, name).value != value:
                    getattr(self, name).value = value
        finally:
            self._batching = False
        if new != self._values:
            self._values = new
            self._refresh()

    def weights(self) -> list[np.ndarray]:
        """The weight matrices W^1..W^L (float64, (n_out, n_in)) the plots were computed from."""
        v = self._values
        return self._sim.weights(v["depth"], v["width"], v["scheme"], v["gain"])

    def inputs(self) -> tuple[np.ndarray, np.ndarray]:
        """(X, dL/da^L): the input batch and the output gradient used (float64)."""
        rows = self._sim.batch_for(self._values["width"], self._values["depth"])
        return self._sim.X[:rows].astype(np.float64), self._sim.dA_out[:rows].astype(np.float64)

    # ------------------------------------------------------------------ widgets
    def batch_note(self) -> str:
        """A sentence saying that the explorer uses fewer rows than asked for at this width and
        depth (to keep each update fast), or "" when it uses them all."""
        rows = self._sim.batch_for(self._values["width"], self._values["depth"])
        if rows == self._sim.batch_max:
            return ""
        return (f"Batch reduced from {self._sim.batch_max} to {rows} examples at width "
                f"{self._values['width']} and depth {self._values['depth']}, to keep each update "
                "fast: the statistics are a little noisier.")

    def _build_widgets(self) -> None:
        import ipywidgets as w

        v = self._values
        style = {"description_width": "70px"}
        self.depth = w.IntSlider(value=v["depth"], min=DEPTH_RANGE[0], max=DEPTH_RANGE[1],
                                 description="depth", style=style, continuous_update=True)
        self.width = w.SelectionSlider(options=list(WIDTHS), value=v["width"], description="width",
                                       style=style, continuous_update=False)
        self.activation = w.Dropdown(options=list(ACTIVATIONS), value=v["activation"],
                                     description="activation", style=style)
        self.scheme = w.Dropdown(options=[(SCHEME_LABELS[s], s) for s in SCHEMES], value=v["scheme"],
                                 description="init", style=style)
        self.gain = w.FloatLogSlider(value=v["gain"], base=10, min=math.log10(GAIN_RANGE[0]),
                                     max=math.log10(GAIN_RANGE[1]), step=GAIN_STEP, description="gain",
                                     readout_format=".3f", style=style, continuous_update=True)
        self.verdict_label = w.HTML(value="")
        self.image = w.Image(format="png", layout=w.Layout(max_width="100%", height="auto"))
        self._batching = False
        for control in (self.depth, self.width, self.activation, self.scheme, self.gain):
            control.observe(self._on_change, names="value")
        self.widget = w.VBox([
            w.HBox([self.depth, self.width]),
            w.HBox([self.activation, self.scheme]),
            self.gain, self.verdict_label, self.image,
        ])

    def _on_change(self, change) -> None:
        if self._batching:
            return
        current = {name: getattr(self, name).value for name in self._values}
        # a FloatLogSlider may hand back 0.10000000000000002 for 0.1: clamp into range
        current["gain"] = min(max(float(current["gain"]), GAIN_RANGE[0]), GAIN_RANGE[1])
        new = self._checked(current)
        if new == self._values:
            return
        self._values = new
        self._refresh()

    # ------------------------------------------------------------------ figure
    def _build_figure(self, dpi: int) -> None:
        """One Figure for the explorer's lifetime. The artists that change with the data are
        `animated` (left out of a full draw); the rest -- frames, ticks, labels, legend, the
        title and the ridges' layer numbers -- is rendered once per (depth, width, activation)
        into a cached background, so moving the gain redraws only the data and one
        line of text (text is the slowest thing Agg draws)."""
        fig = Figure(figsize=(11.0, 4.8), dpi=dpi)
        FigureCanvasAgg(fig)
        self.figure = fig
        self._backgrounds: dict = {}           # settings but the gain -> saved pixels, a few kept
        gs = fig.add_gridspec(1, 2, width_ratios=[1.0, 1.25], left=0.06, right=0.985,
                              bottom=0.2, top=0.8, wspace=0.2)
        ax_h = fig.add_subplot(gs[0, 0])
        ax_v = fig.add_subplot(gs[0, 1])
        self.ax_hist, self.ax_var = ax_h, ax_v
        dyn = []
        self._title = fig.text(0.5, 0.975, "", ha="center", va="top", fontsize=11)
        self._verdict_text = fig.text(0.5, 0.93, "", ha="center", va="top", fontsize=9,
                                      color="#333333", animated=True, linespacing=1.3)
        dyn.append(self._verdict_text)
        # ridge plot: one filled curve per shown layer, layer 1 on top
        ax_h.set_ylim(-0.2, MAX_RIDGES + 0.1)
        ax_h.set_yticks([])
        ax_h.set_xlabel("activation value a^l (values beyond the axis sit in the end bins)")
        ax_h.set_ylabel("layer", labelpad=18)
        ax_h.set_title("Histograms of the activations a^l", fontsize=10)
        self._ridge_lines, self._ridge_fills, self._ridge_labels = [], [], []
        for _ in range(MAX_RIDGES):
            fill = Polygon(np.zeros((3, 2)), closed=True, facecolor=_C_FWD, alpha=0.35,
                           edgecolor="none", animated=True)
            ax_h.add_patch(fill)
            line = Line2D([], [], color=_C_FWD, lw=1.0, animated=True)
            ax_h.add_line(line)
            label = ax_h.text(-0.015, 0.0, "", transform=ax_h.get_yaxis_transform(), ha="right",
                              va="center", fontsize=8)
            self._ridge_fills.append(fill)
            self._ridge_lines.append(line)
            self._ridge_labels.append(label)
        dyn += self._ridge_fills + self._ridge_lines
        # variances per layer
        ax_v.set_yscale("log")
        ax_v.set_ylim(*YLIM)
        # plain tick labels (mathtext is slow to render) and no minor ticks
        ax_v.yaxis.set_major_locator(FixedLocator([10.0 ** k for k in range(-8, 9, 2)]))
        ax_v.yaxis.set_minor_locator(NullLocator())
        ax_v.yaxis.set_major_formatter(
            FuncFormatter(lambda y, _: "1" if y == 1 else f"1e{round(math.log10(y)):d}"))
        ax_v.set_xlabel("layer l", labelpad=1)
        ax_v.set_ylabel("variance (log scale)")
        ax_v.set_title("Var(z^l) (blue) and Var(\u03b4^l) = Var(dL/dz^l) (red) per layer",
                       fontsize=10)
        ax_v.grid(True, which="major", alpha=0.3)
        kw = dict(animated=True)
        self._meas_z, = ax_v.plot([], [], "o", ms=4, color=_C_FWD, clip_on=False, **kw)
        self._meas_d, = ax_v.plot([], [], "s", ms=4, color=_C_BWD, clip_on=False, **kw)
        self._theo_z, = ax_v.plot([], [], "-", lw=1.4, color=_C_FWD, **kw)
        self._theo_d, = ax_v.plot([], [], "-", lw=1.4, color=_C_BWD, **kw)
        self._gauss_z, = ax_v.plot([], [], ":", lw=1.6, color=_C_FWD, **kw)
        self._gauss_d, = ax_v.plot([], [], ":", lw=1.6, color=_C_BWD, **kw)
        dyn += [self._theo_z, self._theo_d, self._gauss_z, self._gauss_d, self._meas_z, self._meas_d]
        handles = [Line2D([], [], ls="none", marker="o", ms=4, color=_C_FWD),
                   Line2D([], [], ls="none", marker="s", ms=4, color=_C_BWD),
                   Line2D([], [], ls="-", color="k", lw=1.4), Line2D([], [], ls=":", color="k", lw=1.6)]
        fig.legend(handles, ["Var(z^l), measured", "Var(\u03b4^l), measured",
                             "theory, linear regime", "theory, Gaussian average"],
                   loc="lower right", bbox_to_anchor=(0.985, 0.0), fontsize=8, ncol=4,
                   frameon=False)
        self._clip_note = ax_v.text(0.99, 0.02, "markers on the frame are off the scale", ha="right",
                                    va="bottom", transform=ax_v.transAxes, fontsize=7,
                                    color="#555555", animated=True, visible=False)
        dyn.append(self._clip_note)
        self._dynamic = dyn
        # solve the layout once, then freeze it
        ax_v.set_xlim(0.5, 10.5)
        ax_h.set_xlim(-5, 5)
        fig.draw_without_rendering()
        fig.set_layout_engine("none")

    @staticmethod
    def _ridge_base(i: int, k: int) -> float:
        """Baseline height of ridge i of k (ridge 0, layer 1, on top)."""
        return MAX_RIDGES - 1 - i * (MAX_RIDGES - 1) / max(k - 1, 1) if k > 1 else MAX_RIDGES / 2

    def _background(self, shown: list[int], edges: np.ndarray, batch: int):
        """Pixels of everything that does not move with the gain (cached per setting)."""
        v = self._values
        depth = v["depth"]
        key = (depth, v["width"], v["activation"], batch)
        bg = self._backgrounds.get(key)
        if bg is None:
            self.ax_hist.set_xlim(float(edges[0]), float(edges[-1]))
            for i, label in enumerate(self._ridge_labels):
                label.set_visible(i < len(shown))
                if i < len(shown):
                    label.set_text(str(shown[i]))
                    label.set_y(self._ridge_base(i, len(shown)) + 0.1)
            self.ax_var.set_xlim(0.5, depth + 0.5)
            if depth <= 12:
                self.ax_var.set_xticks(np.arange(1, depth + 1))
            else:
                self.ax_var.set_xticks(np.unique(np.linspace(1, depth, 6).round().astype(int)))
            self.ax_hist.set_title("Histograms of the activations a^l" + (
                " (the zeros, about half, left out)" if v["activation"] == "relu" else ""), fontsize=10)
            self._title.set_text(f"{depth} layers of width {v['width']}, {v['activation']} "
                                 f"(batch {batch}{'' if batch == self._sim.batch_max else f' of {self._sim.batch_max}'})")
            canvas = self.figure.canvas
            canvas.draw()                      # animated artists are skipped
            bg = canvas.copy_from_bbox(self.figure.bbox)
            if len(self._backgrounds) >= 16:
                self._backgrounds.pop(next(iter(self._backgrounds)))
            self._backgrounds[key] = bg
        return bg

    def _refresh(self) -> None:
        t0 = time.perf_counter()
        v = self._values
        depth, width, act, scheme, gain = v["depth"], v["width"], v["activation"], v["scheme"], v["gain"]
        shown = sorted({int(round(x)) for x in np.linspace(1, depth, min(depth, MAX_RIDGES))})
        lo, hi = HIST_RANGE[act]
        edges = np.linspace(lo, hi, N_BINS + 1)
        with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
            res = self._sim.run(depth, width, act, scheme, gain, shown, edges)

        # theory, for the same square network: x ~ N(0, 1), dL/da^L ~ N(0, 1)
        var_w = (gain * NORMAL_STD) ** 2 if scheme == "normal" else _theory.square_weight_variance(
            scheme, width, gain)
        with np.errstate(over="ignore", invalid="ignore", under="ignore"):
            theory = {m: _theory.square_network_variances(depth, width, var_w, act, m)
                      for m in ("linear", "gaussian")}
        z_var = np.exp(res["log_zvar"])
        d_var = np.exp(res["log_dvar"])
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            rf = float(np.exp(res["log_asq"][-1] - res["log_asq"][0]))
            rb = float(np.exp(res["log_dvar"][0] - res["log_dvar"][-1]))
        word, sentence = verdict(rf, rb, depth)
        self.stats = {
            "layers": np.arange(1, depth + 1), "z_var": z_var, "delta_var": d_var,
            "theory_z": theory["linear"][0], "theory_delta": theory["linear"][1],
            "gauss_z": theory["gaussian"][0], "gauss_delta": theory["gaussian"][1],
            "a_sq": np.exp(res["log_asq"]), "ratio_forward": rf, "ratio_backward": rb, "verdict": word, "verdict_text": sentence,
            "hist_layers": shown, "hists": res["hists"], "hist_std": res["stds"],
            "hist_zero_frac": res["zero_frac"],
            "hist_edges": edges, "weight_var": var_w, "batch": res["batch"], **self.values,
        }
        self._draw(shown, edges, res, z_var, d_var, theory, sentence)
        self.n_updates += 1
        self.last_update_seconds = time.perf_counter() - t0

    def _draw(self, shown, edges, res, z_var, d_var, theory, sentence) -> None:
        v = self._values
        depth = v["depth"]
        bg = self._background(shown, edges, res["batch"])
        centers = 0.5 * (edges[1:] + edges[:-1])
        k = len(shown)
        for i in range(MAX_RIDGES):
            artists = (self._ridge_lines[i], self._ridge_fills[i])
            if i >= k:
                for artist in artists:
                    artist.set_visible(False)
                continue
            line, fill = artists
            layer = shown[i]
            base = self._ridge_base(i, k)
            counts = res["hists"][layer]
            top = counts.max()
            y = base + (0.95 * counts / top if top > 0 else counts)
            line.set_data(centers, y)
            xy = np.empty((len(centers) + 2, 2))
            xy[0] = (centers[0], base)
            xy[1:-1, 0], xy[1:-1, 1] = centers, y
            xy[-1] = (centers[-1], base)
            fill.set_xy(xy)
            for artist in artists:
                artist.set_visible(True)

        layers = np.arange(1, depth + 1)
        ylo, yhi = YLIM

        def clip(a):
            a = np.asarray(a, dtype=np.float64)
            return np.clip(np.nan_to_num(a, nan=ylo, posinf=yhi, neginf=ylo), ylo, yhi)

        with np.errstate(invalid="ignore"):
            off = [np.any((np.asarray(a) < ylo) | (np.asarray(a) > yhi) | ~np.isfinite(a))
                   for a in (z_var, d_var)]
        self._clip_note.set_visible(bool(any(off)))
        self._meas_z.set_data(layers, clip(z_var))
        self._meas_d.set_data(layers, clip(d_var))
        self._theo_z.set_data(layers, clip(theory["linear"][0]))
        self._theo_d.set_data(layers, clip(theory["linear"][1]))
        self._gauss_z.set_data(layers, clip(theory["gaussian"][0]))
        self._gauss_d.set_data(layers, clip(theory["gaussian"][1]))
        line2 = f"{SCHEME_LABELS[v['scheme']]} x gain {v['gain']:.3g}: Var(W) = {_fmt(self.stats['weight_var'])}"
        # The widget shows the verdict as HTML above the image; the PNG (static mode, and the
        # fallback a notebook viewer without widgets shows) carries it on its own line.
        self._verdict_text.set_text(f"{line2}\n{sentence}")

        canvas = self.figure.canvas
        canvas.restore_region(bg)
        for artist in self._dynamic:
            if artist.get_visible():
                self.figure.draw_artist(artist)
        self._png = self._encode_png()
        if not self.static:
            note = self.batch_note()
            self.verdict_label.value = f"<b>{_html_escape(sentence)}</b>" + (
                f"<br><small>{_html_escape(note)}</small>" if note else "")
            self.image.value = self._png

    def _encode_png(self) -> bytes:
        from PIL import Image as _PILImage

        canvas = self.figure.canvas
        w, h = canvas.get_width_height()
        img = _PILImage.frombuffer("RGBA", (w, h), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        buf = io.BytesIO()
        img.convert("RGB").save(buf, format="png", compress_level=1)
        return buf.getvalue()

    # ------------------------------------------------------------------ display
    def png(self) -> bytes:
        """PNG bytes of the current figure."""
        return self._png

    def _repr_png_(self):
        return self._png

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"image/png": base64.b64encode(self._png).decode("ascii")}
        if self.static:
            data["text/plain"] = f"InitExplorer ({self.static_reason}). {STATIC_NOTE}"
            return data
        # A live front end renders the widget; one without widget support falls back to the PNG.
        data.update(self.widget._repr_mimebundle_())
        data["text/plain"] = f"InitExplorer. {STATIC_NOTE}"
        return data

    def __repr__(self):
        v = self._values
        return (f"InitExplorer(depth={v['depth']}, width={v['width']}, activation={v['activation']!r}, "
                f"scheme={v['scheme']!r}, gain={v['gain']:.3g})")


def _html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def init_explorer(**defaults) -> InitExplorer:
    """Build the explorer (keyword arguments: depth, width, activation, scheme, gain, batch,
    seed, static) and return it; as the last line of a cell it displays itself.

    With `static=True`, or where ipywidgets is missing, it shows a static PNG with a note.
    """
    return InitExplorer(**defaults)
