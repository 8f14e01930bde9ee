"""Grading spec of lesson 04 (initialization and variance propagation). Instructor-only.

Initializers are random, so they are graded statistically (`backprop.init.diagnose_draw`):
shape, mean 0 and the scheme's variance within 5 standard errors of the sample statistics
(shapes of >= 150,000 weights make a factor error of a few percent visible, while a correct
draw fails about once in 1.7 million checks: 5 sigma, two-sided), the distribution's shape
(kurtosis, and the uniform's limit), and reproducibility (the same Generator seed gives the
same array, another seed a different one). Variances expected here are written from the
formulas, then checked against `backprop.init.weight_variance` by
tests/lessons/test_04_initialization.py.

The predicted variance is compared with `backprop.variance.predicted_variances` (linear
regime), which tests/package/test_variance.py checks against simulated networks. The
symmetry measurement is compared with training done here by `backprop.layers` and
`backprop.losses` (themselves checked against finite differences).
"""

import math

import numpy as np

import runpy
from pathlib import Path

from autograder.spec import Case, Exercise
from backprop import layers, losses
from backprop_reference import init as _init
from backprop_reference import variance as _variance
from backprop.checking import diagnose
from backprop_reference.init import diagnose_draw


def _fan(n_in, n_out, mode):
    return {"fan_in": n_in, "fan_out": n_out, "average": (n_in + n_out) / 2}[mode]


def _reproducible(name, same, again, other):
    msgs = []
    if np.asarray(same).shape == np.asarray(again).shape and not np.array_equal(same, again):
        msgs.append(f"{name}: two calls with generators made from the same seed gave different "
                    "arrays. Draw every random number from the `rng` argument (rng.normal, "
                    "rng.standard_normal, rng.uniform), not from np.random.")
    if np.asarray(same).shape == np.asarray(other).shape and np.array_equal(same, other):
        msgs.append(f"{name}: generators with different seeds gave the same array: the `rng` "
                    "argument is ignored.")
    return msgs


def _shapes(n_out, n_in, **extra):
    def make(rng):
        return dict(n_out=n_out, n_in=n_in, seed=int(rng.integers(0, 2**31)), **extra)
    return make


# ----------------------------------------------------------------- 1. zeros, constant, normal

def _check_simple(out, inp):
    n_out, n_in, value, std = inp["n_out"], inp["n_in"], inp["value"], inp["std"]
    shape = (n_out, n_in)
    msgs = []
    z = out.get("zeros") if isinstance(out, dict) else None
    msg = diagnose_draw(f"zeros_init({shape})", z, shape, 0.0)
    if msg:
        msgs.append(msg)
    c = out.get("constant") if isinstance(out, dict) else None
    cname = f"constant_init({shape}, {value:g})"
    if c is None or np.asarray(c).dtype == object or np.shape(c) != shape:
        msgs.append(diagnose_draw(cname, c, shape, 0.0) or f"{cname}: expected shape {shape}.")
    elif not np.allclose(np.asarray(c, dtype=np.float64), value, rtol=1e-12, atol=0):
        msgs.append(f"{cname}: every entry must equal {value:g}; got values from "
                    f"{np.min(c):.4g} to {np.max(c):.4g}.")
    W = out.get("W") if isinstance(out, dict) else None
    name = f"normal_init({shape}, std={std:g}, rng)"
    msg = diagnose_draw(name, W, shape, std ** 2, mistakes={
        "the variance was used as the standard deviation (std**2 instead of std)": std ** 4,
        "the square root of std was used as the standard deviation": std,
        "a uniform on [-std, std] was drawn (its variance is std**2 / 3), not a normal": std ** 2 / 3,
    })
    if msg:
        msgs.append(msg)
    else:
        msgs += _reproducible(name, W, out["again"], out["other"])
    return msgs


SIMPLE_CALL = """result = {
    'zeros': zeros_init((n_out, n_in)),
    'constant': constant_init((n_out, n_in), value),
    'W': normal_init((n_out, n_in), std, np.random.default_rng(seed)),
    'again': normal_init((n_out, n_in), std, np.random.default_rng(seed)),
    'other': normal_init((n_out, n_in), std, np.random.default_rng(seed + 1)),
}"""


# ----------------------------------------------------------------- 2. and 3. scaled schemes

def _scheme_check(fname, c, uniform, default_mode, with_mode):
    def check(out, inp):
        n_out, n_in, gain = inp["n_out"], inp["n_in"], inp["gain"]
        use_mode = with_mode and bool(inp.get("use_mode", 0))
        mode = inp["mode"] if use_mode else default_mode
        shape = (n_out, n_in)
        var = gain ** 2 * c / _fan(n_in, n_out, mode)
        args = f"gain={gain:g}" + (f", mode={mode!r}" if use_mode else "")
        name = f"{fname}({shape}, rng, {args})"
        if not isinstance(out, dict) or any(k not in out for k in ("W", "again", "other")):
            return [f"{name}: the grading call could not collect the arrays."]
        swapped = {"fan_in": "fan_out", "fan_out": "fan_in", "average": "average"}[mode]
        mistakes = {}
        if swapped != mode:
            mistakes[f"{swapped} used where {mode} is needed (W has shape (n_out, n_in), so "
                     "fan_in = shape[1] and fan_out = shape[0])"] = gain ** 2 * c / _fan(n_in, n_out, swapped)
        mistakes["the gain multiplies the variance instead of the standard deviation"] = gain * c / _fan(n_in, n_out, mode)
        mistakes["the gain is applied twice"] = gain ** 4 * c / _fan(n_in, n_out, mode)
        mistakes["the variance was used as the standard deviation (a missing square root)"] = var ** 2
        if uniform:
            mistakes["the limit is sqrt(var) without the factor sqrt(3) (a uniform on [-a, a] has variance a**2 / 3)"] = var / 3
            mistakes["the limit is 3 var, without its square root"] = (3 * var) ** 2 / 3
        if c == 2.0:
            mistakes["the factor 2 of He initialization is missing"] = var / 2
        if mode == "average":
            mistakes["n_in + n_out used without the factor 2 (Var = 2 / (n_in + n_out))"] = var / 2
            mistakes["fan_in alone (1 / n_in: that is LeCun, not Xavier)"] = gain ** 2 * c / n_in
            mistakes["fan_out alone (1 / n_out) instead of the average of the fans"] = gain ** 2 * c / n_out
        msg = diagnose_draw(name, out["W"], shape, var, uniform=uniform, mistakes=mistakes)
        if msg:
            return [msg]
        return _reproducible(name, out["W"], out["again"], out["other"])
    return check


def _scheme_cases(with_mode):
    def shapes(n_out, n_in, gain, mode=None):
        if not with_mode:
            return _shapes(n_out, n_in, gain=gain)
        return _shapes(n_out, n_in, gain=gain, mode=mode or "fan_in", use_mode=int(mode is not None))

    cases = [
        Case("(n_out, n_in) = (300, 500), gain 1", shapes(300, 500, 1.0)),
        Case("(n_out, n_in) = (500, 300), gain 1", shapes(500, 300, 1.0), hidden=True),
        Case("(n_out, n_in) = (150, 1200), gain 2", shapes(150, 1200, 2.0), hidden=True),
        Case("(n_out, n_in) = (1000, 160), gain 0.5", shapes(1000, 160, 0.5), hidden=True),
        Case("(n_out, n_in) = (400, 400), gain 1.7", shapes(400, 400, 1.7), hidden=True),
        Case("a tiny (1, 3) matrix", shapes(1, 3, 1.0), hidden=True),
    ]
    if with_mode:
        cases += [
            Case("mode='fan_out', (200, 900), gain 1", shapes(200, 900, 1.0, "fan_out"), hidden=True),
            Case("mode='average', (900, 200), gain 1.3", shapes(900, 200, 1.3, "average"), hidden=True),
            Case("mode='fan_in', (250, 700), gain 1", shapes(250, 700, 1.0, "fan_in"), hidden=True),
        ]
    return cases


def _pair_exercise(cell, normal_fn, uniform_fn, c, default_mode, with_mode):
    """One test cell grading a normal and a uniform initializer: both must pass every case."""
    call = ("_mode_kw = {'mode': mode} if use_mode else {}\n" if with_mode else "") + (
        "result = {}\n"
        f"for _fn, _key in (({normal_fn}, 'normal'), ({uniform_fn}, 'uniform')):\n"
        "    result[_key] = {\n"
        + "".join(f"        '{k}': _fn((n_out, n_in), np.random.default_rng({s}), gain=gain"
                  + (", **_mode_kw" if with_mode else "") + "),\n"
                  for k, s in (("W", "seed"), ("again", "seed"), ("other", "seed + 1")))
        + "    }\n")
    check_n = _scheme_check(normal_fn, c, False, default_mode, with_mode)
    check_u = _scheme_check(uniform_fn, c, True, default_mode, with_mode)

    def check(out, inp):
        if not isinstance(out, dict) or "normal" not in out or "uniform" not in out:
            return [f"{cell}: the grading call could not collect the arrays."]
        return check_n(out["normal"], inp) + check_u(out["uniform"], inp)

    return Exercise(cell=cell, call=call, check=check, cases=_scheme_cases(with_mode),
                    name=f"{normal_fn} / {uniform_fn}")


# ----------------------------------------------------------------- 4. predicted variance

def _predicted_reference(widths, scheme, activation, gain, input_var):
    return _variance.predicted_variances(scheme, [int(w) for w in widths], activation, gain=gain,
                                         input_var=input_var, method="linear")


def _predicted_mistakes(widths, scheme, activation, gain, input_var):
    ws = [int(w) for w in widths]
    L = len(ws) - 1
    c = 2.0 if scheme.startswith("he") else 1.0
    mode = "average" if scheme.startswith("xavier") else "fan_in"
    half = 0.5 if activation == "relu" else 1.0

    def run(var_fn, first_half=False, gain_pow=2, relu_factor=half):
        q, prev = [], input_var
        for l in range(L):
            v = var_fn(ws[l], ws[l + 1]) * gain ** gain_pow / gain ** 2
            q.append(ws[l] * v * prev * (relu_factor if (first_half and l == 0) else 1.0))
            prev = q[-1] * relu_factor
        return np.array(q)

    right = lambda n_in, n_out: gain ** 2 * c / _fan(n_in, n_out, mode)          # noqa: E731
    wrong_fan = {"fan_in": "fan_out", "average": "average"}[mode]
    out = {}
    if wrong_fan != mode:
        out["fan_out used instead of fan_in"] = run(lambda a, b: gain ** 2 * c / _fan(a, b, wrong_fan))
    if activation == "relu":
        out["ReLU's factor 1/2 is missing"] = run(right, relu_factor=1.0)
        out["ReLU's 1/2 also applied to the input x, which is not passed through a ReLU"] = run(right, first_half=True)
    out["the gain is not squared (it scales the standard deviation, so Var(W) gets gain**2)"] = run(right, gain_pow=1)
    return out


PREDICTED_CALL = "predicted_variance(widths, scheme, activation, gain, input_var)"


def _pred_case(widths, scheme, activation, gain=1.0, input_var=1.0):
    def make(rng):
        return dict(widths=np.array(widths), scheme=scheme, activation=activation, gain=gain,
                    input_var=input_var)
    return make


# ----------------------------------------------------------------- 5. symmetry

def train_and_measure_symmetry(X, Y, W1, b1, W2, b2, lr, steps):
    """Reference: `steps` full-batch SGD steps on A1 = tanh(X W1^T + b1), Y_hat = A1 W2^T + b2
    with the batch-mean MSE; returns (W1 after training, max_j,i |W1[j, i] - W1[0, i]|)."""
    W1, b1, W2, b2 = (np.array(p, dtype=np.float64) for p in (W1, b1, W2, b2))
    for _ in range(int(steps)):
        Z1, c1 = layers.linear_forward(X, W1, b1)
        A1, t1 = layers.tanh_forward(Z1)
        Y_hat, c2 = layers.linear_forward(A1, W2, b2)
        _, dY = losses.mse_loss(Y_hat, Y)
        dA1, dW2, db2 = layers.linear_backward(dY, c2)
        dZ1 = layers.tanh_backward(dA1, t1)
        _, dW1, db1 = layers.linear_backward(dZ1, c1)
        W1 -= lr * dW1
        b1 -= lr * db1
        W2 -= lr * dW2
        b2 -= lr * db2
    return W1, float(np.max(np.abs(W1 - W1[0])))


def _sym_case(B, n_in, h, n_out, w1, w2, steps, lr=0.1, random=False):
    def make(rng):
        X = rng.normal(size=(B, n_in))
        Y = np.sin(X @ rng.normal(size=(n_in, n_out)))
        if random:
            W1 = rng.normal(0.0, 1.0 / math.sqrt(n_in), size=(h, n_in))
            W2 = rng.normal(0.0, 1.0 / math.sqrt(h), size=(n_out, h))
        else:
            W1, W2 = np.full((h, n_in), w1), np.full((n_out, h), w2)
        return dict(X=X, Y=Y, W1=W1, b1=np.zeros(h), W2=W2, b2=np.zeros(n_out), lr=lr, steps=steps)
    return make


SYM_CALL = "train_and_measure_symmetry(X, Y, W1, b1, W2, b2, lr, steps)"


def _sym_check(out, inp):
    """W1_final against training done here; the spread against the spread of the student's own
    W1_final and against the reference; known mistakes named."""
    W1f, spread = train_and_measure_symmetry(**inp)
    name = "train_and_measure_symmetry(X, Y, W1, b1, W2, b2, lr, steps)"
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        return [f"{name}: expected a pair (W1_final, spread), got {type(out).__name__}."]
    got_W, got_spread = out
    msg = diagnose(got_W, W1f, name="W1_final", rtol=1e-6, atol=1e-9)
    if msg:
        if np.shape(got_W) == W1f.shape and np.allclose(got_W, inp["W1"]):
            msg += "\n  Likely mistake: W1_final is the initial W1: W1 was never updated (or a copy was returned)."
        return [msg]
    # the transport may turn a float into an array of shape (1,): accept one number either way
    if got_spread is None or np.size(got_spread) != 1:
        return [f"spread: expected one number, got {got_spread!r}."]
    value = float(np.ravel(got_spread)[0])
    if abs(value - spread) <= 1e-9 + 1e-6 * abs(spread):
        return []
    msg = f"spread: expected {spread:.6g}, got {value:.6g}."
    wrong = {
        "it compares inputs (columns of W1) instead of hidden units (rows)": np.max(np.abs(W1f - W1f[:, :1])),
        "it was measured on the initial W1, before training": np.max(np.abs(inp["W1"] - inp["W1"][0])),
        "it is a mean, not the largest difference": np.mean(np.abs(W1f - W1f[0])),
    }
    for label, w in wrong.items():
        if abs(value - w) <= 1e-9 + 1e-6 * abs(w) and abs(w - spread) > 1e-9:
            return [msg + f"\n  Likely mistake: {label}."]
    return [msg + "\n  The spread is max over j, i of |W1_final[j, i] - W1_final[0, i]|."]


# ----------------------------------------------------------------- by hand and from the explorer

by_hand = runpy.run_path(str(Path(__file__).parents[1] / "answer_cells.py"))["by_hand"]


def _variances_expected():
    wv = _init.weight_variance
    return (wv("lecun_normal", 256, 512), wv("xavier_normal", 256, 512), wv("he_normal", 256, 512, mode="fan_in"),
            wv("he_normal", 256, 512, mode="fan_out"), math.sqrt(3 * wv("xavier_uniform", 256, 512, gain=2.0)))


def _variances_mistakes():
    return {"fans swapped: n_in is shape[1] = 256 and n_out is shape[0] = 512":
                (1 / 512, 2 / 768, 2 / 512, 2 / 256, 2 * math.sqrt(6 / 768)),
            "the uniform limit uses the variance instead of sqrt(3 Var) (or forgets the gain)":
                (1 / 256, 2 / 768, 2 / 256, 2 / 512, 4 * 2 / 768),
            "the gain multiplies the limit by gain**2 instead of gain":
                (1 / 256, 2 / 768, 2 / 256, 2 / 512, 4 * math.sqrt(6 / 768))}


def _gains_expected():
    cg = _variance.critical_gain
    return (cg("xavier_normal", 256, "linear"), cg("xavier_normal", 256, "relu"),
            cg("normal", 256, "linear", std=0.01), cg("normal", 1024, "linear", std=0.01))


def _gains_mistakes():
    return {"squared gains: the gain multiplies the standard deviation, so the variance by gain**2":
                (1.0, 2.0, 1 / (0.01 ** 2 * 256), 1 / (0.01 ** 2 * 1024)),
            "ReLU's halving compensated by 1/2 instead of 2: the ReLU gain is sqrt(2) > 1":
                (1.0, 1 / math.sqrt(2), 6.25, 3.125),
            "the width-1024 gain did not change: it is 1 / (std sqrt(n)), so halves when n is 4 times larger":
                (1.0, math.sqrt(2), 6.25, 6.25)}


def _sigmoid_expected():
    factor = _variance.layer_gain("sigmoid", 256, _init.weight_variance("xavier_normal", 256, 256))
    return (factor, _variance.critical_gain("xavier_normal", 256, "sigmoid"))


def _tanh_expected():
    sim = _variance.simulate_scheme("xavier_normal", [256] * 21, "tanh", gain=1.0, batch=512, rng=0)
    predicted = _variance.predicted_variances("xavier_normal", [256] * 21, "tanh", gain=1.0)
    return sim["z_var"][4] / predicted[4]


BY_HAND_EXERCISES = [
    by_hand("test_variances_by_hand", "variances_by_hand",
            ["(LeCun, Xavier, He fan-in, He fan-out, Xavier uniform limit at gain 2)"],
            lambda: np.array(_variances_expected()), mistakes=lambda: {k: np.array(v) for k, v in _variances_mistakes().items()},
            denominator=768),
    by_hand("test_explorer_gains", "stable_gains", ["stable_gains()"], lambda: np.array(_gains_expected()),
            mistakes=lambda: {k: np.array(v) for k, v in _gains_mistakes().items()}, rtol=1e-3),
    by_hand("test_explorer_sigmoid", "sigmoid_answers", ["(factor, gain)"], lambda: np.array(_sigmoid_expected()),
            mistakes=lambda: {"the factor of the forward pass, not the backward one: sigma'(0)**2 = 1/16 enters both, "
                              "but the gain that cancels it is 1 / sqrt(1/16) = 4": np.array([1 / 16, 16.0]),
                              "sigma'(0) = 1/4 used instead of its square": np.array([1 / 4, 2.0])},
            rtol=1e-3),
    by_hand("test_explorer_tanh", "tanh_answer", ["tanh_answer()"], lambda: np.array(_tanh_expected()),
            mistakes=lambda: {"that is the linear-regime prediction itself (ratio 1): the measured variance is "
                              "much lower": np.array(1.0)}, rtol=0.4),
]


EXERCISES = [
    Exercise(
        cell="test_simple_inits",
        call=SIMPLE_CALL,
        check=_check_simple,
        name="zeros_init / constant_init / normal_init",
        cases=[
            Case("(300, 500), value 0.5, std 0.1", _shapes(300, 500, value=0.5, std=0.1)),
            Case("(500, 300), value -2, std 1", _shapes(500, 300, value=-2.0, std=1.0), hidden=True),
            Case("(200, 1000), value 0, std 0.01", _shapes(200, 1000, value=0.0, std=0.01), hidden=True),
            Case("(1000, 160), value 3, std 2.5", _shapes(1000, 160, value=3.0, std=2.5), hidden=True),
            Case("(1, 7), value 1, std 1", _shapes(1, 7, value=1.0, std=1.0), hidden=True),
        ],
    ),
    _pair_exercise("test_xavier", "xavier_normal", "xavier_uniform", 1.0, "average", with_mode=False),
    _pair_exercise("test_he", "he_normal", "he_uniform", 2.0, "fan_in", with_mode=True),
    Exercise(
        cell="test_predicted_variance",
        call=PREDICTED_CALL,
        reference=_predicted_reference,
        mistakes=_predicted_mistakes,
        rtol=1e-6, atol=1e-12,
        cases=[
            Case("linear, Xavier, widths [100, 200, 50, 80]", _pred_case([100, 200, 50, 80], "xavier_normal", "linear")),
            Case("relu, He, widths [64, 128, 128, 10]", _pred_case([64, 128, 128, 10], "he_normal", "relu")),
            Case("relu, Xavier uniform, 6 layers of 256, gain 1.2",
                 _pred_case([256] * 7, "xavier_uniform", "relu", gain=1.2), hidden=True),
            Case("tanh, LeCun, [784, 300, 100, 10], input variance 0.2",
                 _pred_case([784, 300, 100, 10], "lecun_normal", "tanh", input_var=0.2), hidden=True),
            Case("relu, He uniform, one layer [50, 20], gain 0.7",
                 _pred_case([50, 20], "he_uniform", "relu", gain=0.7), hidden=True),
            Case("linear, He, [30, 60, 90], input variance 3",
                 _pred_case([30, 60, 90], "he_normal", "linear", input_var=3.0), hidden=True),
            Case("relu, LeCun, 20 layers of 100, gain 1.5",
                 _pred_case([100] * 21, "lecun_normal", "relu", gain=1.5), hidden=True),
        ],
    ),
    Exercise(
        cell="test_symmetry",
        call=SYM_CALL,
        check=_sym_check,
        name="train_and_measure_symmetry",
        cases=[
            Case("constant 0.5 / 0.3, 20 steps", _sym_case(16, 3, 5, 2, 0.5, 0.3, 20)),
            Case("constant -0.2 / 0.7, 50 steps", _sym_case(32, 4, 8, 1, -0.2, 0.7, 50), hidden=True),
            Case("random init, 10 steps (units differ)", _sym_case(24, 3, 6, 2, 0, 0, 10, random=True), hidden=True),
            Case("zero init, 5 steps (nothing reaches W1)", _sym_case(10, 2, 4, 1, 0.0, 0.0, 5), hidden=True),
            Case("one step, batch of 1", _sym_case(1, 5, 3, 2, 0.1, -0.4, 1), hidden=True),
        ],
    ),
] + BY_HAND_EXERCISES
