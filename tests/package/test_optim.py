"""Update rules in backprop.optim, checked step by step against hand-computed updates and
against trajectories computed here, entry by entry, with plain Python floats."""

import copy
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_reference import optim

# ----------------------------------------------------------------- independent references
# Straightforward scalar loops over the formulas of ARCHITECTURE.md, one entry at a time.


def ref_trajectory(rule, w0, grads, **h):
    """Weights after each step, shape (T, n), for a 1-D w0 and gradients (T, n)."""
    out = []
    for i in range(len(w0)):
        w = float(w0[i])
        v = m = s = 0.0
        ws = []
        for t, G in enumerate(grads, start=1):
            g = float(G[i])
            if rule == "sgd":
                w = w - h["lr"] * g
            elif rule == "momentum":
                v = h["beta"] * v + g
                w = w - h["lr"] * v
            elif rule == "nesterov":
                v = h["beta"] * v + g
                w = w - h["lr"] * (g + h["beta"] * v)
            elif rule == "rmsprop":
                s = h["rho"] * s + (1 - h["rho"]) * g * g
                w = w - h["lr"] * g / (math.sqrt(s) + h["eps"])
            elif rule in ("adam", "adamw"):
                m = h["beta1"] * m + (1 - h["beta1"]) * g
                v = h["beta2"] * v + (1 - h["beta2"]) * g * g
                mhat = m / (1 - h["beta1"] ** t)
                vhat = v / (1 - h["beta2"] ** t)
                decay = h.get("weight_decay", 0.0) * w
                w = w - h["lr"] * (mhat / (math.sqrt(vhat) + h["eps"]) + decay)
            ws.append(w)
        out.append(ws)
    return np.array(out).T


RULES = {
    "sgd": (optim.sgd_update, optim.SGD, dict(lr=0.1)),
    "momentum": (optim.momentum_update, optim.Momentum, dict(lr=0.1, beta=0.9)),
    "nesterov": (optim.nesterov_update, optim.Nesterov, dict(lr=0.1, beta=0.9)),
    "rmsprop": (optim.rmsprop_update, optim.RMSProp, dict(lr=0.01, rho=0.9, eps=1e-8)),
    "adam": (optim.adam_update, optim.Adam, dict(lr=0.01, beta1=0.9, beta2=0.999, eps=1e-8)),
    "adamw": (optim.adamw_update, optim.AdamW,
              dict(lr=0.01, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.1)),
}


def run(rule_fn, w0, grads, **h):
    w, state, ws = np.array(w0), None, []
    for g in grads:
        w, state = rule_fn(w, g, state, **h)
        ws.append(w)
    return np.array(ws), state


# ----------------------------------------------------------------- hand-computed steps

W0 = np.array([1.0, -2.0, 0.5])
G1 = np.array([0.5, -1.0, 2.0])
G2 = np.array([-0.25, 3.0, 1.0])


def test_sgd_one_step_by_hand():
    w1, state = optim.sgd_update(W0, G1, None, lr=0.1)
    np.testing.assert_allclose(w1, [1.0 - 0.05, -2.0 + 0.1, 0.5 - 0.2], rtol=1e-15)
    assert state == {}


def test_momentum_two_steps_by_hand():
    w1, s1 = optim.momentum_update(W0, G1, None, lr=0.1, beta=0.9)
    np.testing.assert_allclose(w1, W0 - 0.1 * G1, rtol=1e-15)          # v starts at 0
    w2, s2 = optim.momentum_update(w1, G2, s1, lr=0.1, beta=0.9)
    v2 = np.array([0.9 * 0.5 - 0.25, 0.9 * -1.0 + 3.0, 0.9 * 2.0 + 1.0])
    np.testing.assert_allclose(s2["v"], v2, rtol=1e-15)
    np.testing.assert_allclose(w2, w1 - 0.1 * v2, rtol=1e-15)


def test_momentum_velocity_is_a_sum_not_a_mean():
    """Constant gradient g: v tends to g / (1 - beta) (PyTorch form, no (1 - beta) factor)."""
    g = np.array([2.0])
    w, state = np.array([0.0]), None
    for _ in range(400):
        w, state = optim.momentum_update(w, g, state, lr=1e-3, beta=0.9)
    np.testing.assert_allclose(state["v"], g / (1 - 0.9), rtol=1e-12)


def test_nesterov_two_steps_by_hand():
    w1, s1 = optim.nesterov_update(W0, G1, None, lr=0.1, beta=0.9)
    # v1 = g1; step uses g1 + beta v1 = 1.9 g1
    np.testing.assert_allclose(w1, W0 - 0.1 * 1.9 * G1, rtol=1e-15)
    w2, s2 = optim.nesterov_update(w1, G2, s1, lr=0.1, beta=0.9)
    v2 = 0.9 * G1 + G2
    np.testing.assert_allclose(w2, w1 - 0.1 * (G2 + 0.9 * v2), rtol=1e-15)


def test_rmsprop_two_steps_by_hand():
    w1, s1 = optim.rmsprop_update(W0, G1, None, lr=0.01, rho=0.9, eps=0.0)
    # s1 = 0.1 g^2, so the step is lr g / (sqrt(0.1) |g|) = lr sign(g) / sqrt(0.1)
    np.testing.assert_allclose(w1, W0 - 0.01 * np.sign(G1) / math.sqrt(0.1), rtol=1e-14)
    w2, _ = optim.rmsprop_update(w1, G2, s1, lr=0.01, rho=0.9, eps=0.0)
    s2 = 0.9 * 0.1 * G1**2 + 0.1 * G2**2
    np.testing.assert_allclose(w2, w1 - 0.01 * G2 / np.sqrt(s2), rtol=1e-14)


def test_adam_first_step_uses_bias_correction_with_t_equal_1():
    """At t = 1, mhat = g and vhat = g^2: every entry moves by lr * g / (|g| + eps)."""
    lr, eps = 0.01, 1e-8
    w1, state = optim.adam_update(W0, G1, None, lr=lr, beta1=0.9, beta2=0.999, eps=eps)
    assert state["t"] == 1
    np.testing.assert_allclose(w1, W0 - lr * G1 / (np.abs(G1) + eps), rtol=1e-14)
    np.testing.assert_allclose(state["m"], 0.1 * G1, rtol=1e-14)        # stored uncorrected
    np.testing.assert_allclose(state["v"], 0.001 * G1**2, rtol=1e-12)
    # without the correction the step would be 0.1 g / sqrt(0.001 g^2) ~ 3.16 lr: not this
    w1_eps0, _ = optim.adam_update(W0, G1, None, lr=lr, eps=0.0)
    np.testing.assert_allclose(np.abs(w1_eps0 - W0), lr, rtol=1e-12)


def test_adam_second_step_by_hand():
    lr, b1, b2 = 0.01, 0.9, 0.999
    w1, s1 = optim.adam_update(W0, G1, None, lr=lr, beta1=b1, beta2=b2, eps=0.0)
    w2, s2 = optim.adam_update(w1, G2, s1, lr=lr, beta1=b1, beta2=b2, eps=0.0)
    assert s2["t"] == 2
    m2 = b1 * (1 - b1) * G1 + (1 - b1) * G2
    v2 = b2 * (1 - b2) * G1**2 + (1 - b2) * G2**2
    mhat, vhat = m2 / (1 - b1**2), v2 / (1 - b2**2)
    np.testing.assert_allclose(w2, w1 - lr * mhat / np.sqrt(vhat), rtol=1e-13)


@pytest.mark.parametrize("fn", [optim.adam_update, optim.rmsprop_update])
def test_eps_sits_outside_the_square_root(fn):
    """g = 1e-6, eps = 1e-8: outside gives a step near lr * 0.99; inside would give ~lr/100."""
    w, g = np.array([0.0]), np.array([1e-6])
    hyper = dict(lr=1.0, eps=1e-8)
    w1, state = fn(w, g, None, **hyper)
    denom_key = "v" if fn is optim.adam_update else "s"
    second = state[denom_key] / ((1 - 0.999) if fn is optim.adam_update else 1.0)
    expected_step = (g if fn is optim.adam_update else g) / (np.sqrt(second) + 1e-8)
    np.testing.assert_allclose(w - w1, expected_step, rtol=1e-10)
    inside = g / np.sqrt(second + 1e-8)
    assert abs((w - w1)[0] - inside[0]) > 0.5 * abs(expected_step[0])


def test_adamw_is_adam_plus_decoupled_decay():
    h = dict(lr=0.01, beta1=0.9, beta2=0.999, eps=1e-8)
    wa, sa = optim.adam_update(W0, G1, None, **h)
    ww, sw = optim.adamw_update(W0, G1, None, weight_decay=0.5, **h)
    np.testing.assert_allclose(ww, wa - 0.01 * 0.5 * W0, rtol=1e-14)
    for k in ("m", "v"):                          # the decay never enters the moments
        np.testing.assert_array_equal(sa[k], sw[k])
    w0_, _ = optim.adamw_update(W0, G1, None, weight_decay=0.0, **h)
    np.testing.assert_array_equal(w0_, wa)


# ----------------------------------------------------------------- trajectories

@pytest.mark.parametrize("name", list(RULES))
def test_trajectory_matches_scalar_reference(name):
    fn, _, h = RULES[name]
    rng = np.random.default_rng(7)
    w0 = rng.normal(size=5)
    grads = rng.normal(size=(12, 5)) * np.array([1e-3, 0.1, 1.0, 10.0, 1e3])
    ws, _ = run(fn, w0, grads, **h)
    np.testing.assert_allclose(ws, ref_trajectory(name, w0, grads, **h), rtol=1e-12, atol=1e-14)


@settings(max_examples=25, deadline=None)
@given(
    name=st.sampled_from(list(RULES)),
    seed=st.integers(0, 2**31 - 1),
    lr=st.floats(1e-4, 1.0),
    b=st.floats(0.0, 0.999),
    b2=st.floats(0.0, 0.9999),
    steps=st.integers(1, 8),
)
def test_trajectory_property(name, seed, lr, b, b2, steps):
    fn, _, h = RULES[name]
    h = dict(h, lr=lr)
    for key in ("beta", "rho", "beta1"):
        if key in h:
            h[key] = b
    if "beta2" in h:
        h["beta2"] = b2
    rng = np.random.default_rng(seed)
    w0, grads = rng.normal(size=3), rng.normal(size=(steps, 3))
    ws, _ = run(fn, w0, grads, **h)
    np.testing.assert_allclose(ws, ref_trajectory(name, w0, grads, **h), rtol=1e-10, atol=1e-12)


def test_sgd_on_a_quadratic_converges_below_2_over_lambda_and_diverges_above():
    lam = np.array([1.0, 10.0])
    for lr, converges in [(0.19, True), (0.21, False)]:
        w, state = np.array([1.0, 1.0]), None
        for _ in range(200):
            w, state = optim.sgd_update(w, lam * w, state, lr=lr)
        assert (np.abs(w).max() < 1e-3) == converges


# ----------------------------------------------------------------- objects

@pytest.mark.parametrize("name", list(RULES))
def test_object_updates_in_place_like_the_pure_rule(name):
    fn, cls, h = RULES[name]
    rng = np.random.default_rng(3)
    W, b = rng.normal(size=(3, 2)), rng.normal(size=3)
    params = [W.copy(), b.copy()]
    ids = [id(p) for p in params]
    opt = cls(**h)
    states = [None, None]
    ref = [W.copy(), b.copy()]
    for _ in range(5):
        grads = [rng.normal(size=(3, 2)), rng.normal(size=3)]
        opt.step(params, grads)
        for i in range(2):
            ref[i], states[i] = fn(ref[i], grads[i], states[i], **h)
    assert [id(p) for p in params] == ids                          # same arrays, in place
    for p, r in zip(params, ref):
        np.testing.assert_array_equal(p, r)


def test_object_accepts_dicts_and_changing_lr():
    opt = optim.Momentum(lr=0.1, beta=0.5)
    params = {"W": np.ones((2, 2)), "b": np.zeros(2)}
    grads = {"W": np.full((2, 2), 2.0), "b": np.ones(2)}
    opt.step(params, grads)
    opt.lr = 0.05
    opt.step(params, grads)
    # W: v1 = 2, w1 = 1 - 0.2; v2 = 0.5*2 + 2 = 3, w2 = w1 - 0.05*3
    np.testing.assert_allclose(params["W"], 1 - 0.2 - 0.15, rtol=1e-15)
    np.testing.assert_allclose(params["b"], -0.1 - 0.05 * 1.5, rtol=1e-15)
    opt.reset()
    assert opt.state == {}
    with pytest.raises(ValueError, match="lr"):
        opt.lr = 0.0


# ----------------------------------------------------------------- inputs and dtypes

@pytest.mark.parametrize("name", list(RULES))
def test_inputs_are_not_modified(name):
    fn, _, h = RULES[name]
    w, g1, g2 = W0.copy(), G1.copy(), G2.copy()
    w1, s1 = fn(w, g1, None, **h)
    s1_copy = copy.deepcopy(s1)
    w1_copy = w1.copy()
    fn(w1, g2, s1, **h)
    np.testing.assert_array_equal(w, W0)
    np.testing.assert_array_equal(g1, G1)
    np.testing.assert_array_equal(g2, G2)
    np.testing.assert_array_equal(w1, w1_copy)
    for k in s1:
        np.testing.assert_array_equal(s1[k], s1_copy[k])


@pytest.mark.parametrize("name", list(RULES))
def test_float32_is_preserved(name):
    fn, cls, h = RULES[name]
    w, g = W0.astype(np.float32), G1.astype(np.float32)
    w1, s1 = fn(w, g, None, **h)
    w2, s2 = fn(w1, g, s1, **h)
    assert w1.dtype == w2.dtype == np.float32
    for k, val in s2.items():
        if k != "t":
            assert val.dtype == np.float32, k
    ws64, _ = run(fn, W0, [G1, G1], **h)
    np.testing.assert_allclose(w2, ws64[-1], rtol=1e-5)
    p = [w.copy()]
    cls(**h).step(p, [g])
    assert p[0].dtype == np.float32


# ----------------------------------------------------------------- errors

@pytest.mark.parametrize("name", list(RULES))
def test_bad_learning_rate_is_named(name):
    fn, cls, h = RULES[name]
    for lr in (0.0, -0.1, float("nan")):
        with pytest.raises(ValueError, match="lr"):
            fn(W0, G1, None, **dict(h, lr=lr))
        with pytest.raises(ValueError, match="lr"):
            cls(**dict(h, lr=lr))


@pytest.mark.parametrize("fn, key", [
    (optim.momentum_update, "beta"), (optim.nesterov_update, "beta"),
    (optim.rmsprop_update, "rho"), (optim.adam_update, "beta1"), (optim.adam_update, "beta2"),
    (optim.adamw_update, "beta2"),
])
@pytest.mark.parametrize("bad", [1.0, -0.1, 1.5])
def test_decay_rates_must_be_in_0_1(fn, key, bad):
    with pytest.raises(ValueError, match=rf"{key} must be in \[0, 1\)"):
        fn(W0, G1, None, **{key: bad})


@pytest.mark.parametrize("name", list(RULES))
def test_shape_mismatch_names_w_and_dw(name):
    fn, _, h = RULES[name]
    with pytest.raises(ValueError, match=r"dw and w must have the same shape.*\(2,\).*\(3,\)"):
        fn(W0, np.ones(2), None, **h)


@pytest.mark.parametrize("name", ["momentum", "nesterov", "rmsprop", "adam"])
def test_state_of_another_parameter_is_refused(name):
    fn, _, h = RULES[name]
    _, state = fn(np.zeros(4), np.ones(4), None, **h)
    with pytest.raises(ValueError, match=r"state\[.*shape \(4,\).*\(3,\)"):
        fn(W0, G1, state, **h)
    with pytest.raises(ValueError, match="missing"):
        fn(W0, G1, {}, **h)
    with pytest.raises(TypeError, match="state must be None"):
        fn(W0, G1, [1, 2], **h)


def test_object_step_errors_name_the_parameter():
    opt = optim.Adam()
    with pytest.raises(ValueError, match=r"grads\[1\].*\(3,\).*\(2,\)"):
        opt.step([np.ones(2), np.ones(3)], [np.ones(2), np.ones(2)])
    with pytest.raises(ValueError, match="same length"):
        opt.step([np.ones(2)], [])
    with pytest.raises(TypeError, match=r"params\[0\]"):
        opt.step([[1.0, 2.0]], [np.ones(2)])
    with pytest.raises(ValueError, match="same keys"):
        opt.step({"W": np.ones(2)}, {"b": np.ones(2)})
    with pytest.raises(TypeError, match="w must be an array of numbers"):
        optim.sgd_update("abc", np.ones(2), None)


# ----------------------------------------------------------------- objects work in place

@pytest.mark.parametrize("name", list(RULES))
def test_object_step_allocates_no_parameter_sized_arrays(name):
    """After the first step (which creates the state), a step writes into existing memory:
    the pure rule's `w - lr * ...` would allocate whole new parameter-sized arrays."""
    import tracemalloc
    _, cls, h = RULES[name]
    rng = np.random.default_rng(0)
    n = 200_000                                     # 1.6 MB per float64 array
    params, grads = [rng.normal(size=n)], [rng.normal(size=n)]
    opt = cls(**h)
    opt.step(params, grads)
    tracemalloc.start()
    try:
        opt.step(params, grads)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < params[0].nbytes / 4, f"{name}: a step allocated {peak} bytes"


@pytest.mark.parametrize("name", list(RULES))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_object_equals_the_pure_rule_bit_for_bit_with_cast_gradients(name, dtype):
    """float64 (or list) gradients for a float32 parameter are cast first, as the rules do."""
    fn, cls, h = RULES[name]
    rng = np.random.default_rng(7)
    p = [rng.normal(size=(8, 5)).astype(dtype)]
    ref, state = p[0].copy(), None
    opt = cls(**h)
    for step in range(6):
        g = rng.normal(size=(8, 5))                 # float64
        opt.step(p, [g.tolist() if step == 2 else g])
        ref, state = fn(ref, g, state, **h)
        assert p[0].dtype == dtype
        np.testing.assert_array_equal(p[0], ref)
    for k, v in state.items():                      # the object's state is the rule's state
        np.testing.assert_array_equal(opt.state[0][k], v)


@pytest.mark.parametrize("name", [n for n in RULES if n != "sgd"])
def test_object_continues_from_a_state_set_from_outside(name):
    fn, cls, h = RULES[name]
    rng = np.random.default_rng(8)
    w, g1, g2 = rng.normal(size=5), rng.normal(size=5), rng.normal(size=5)
    w1, s1 = fn(w, g1, None, **h)
    expected, _ = fn(w1, g2, s1, **h)
    opt = cls(**h)
    opt.state[0] = {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in s1.items()}
    p = [w1.copy()]
    opt.step(p, [g2])
    np.testing.assert_array_equal(p[0], expected)


def test_a_bad_pair_late_in_the_list_changes_no_parameter():
    opt = optim.Momentum(lr=0.1)
    params = [np.ones(2), np.ones(3)]
    with pytest.raises(ValueError, match=r"grads\[1\]"):
        opt.step(params, [np.ones(2), np.ones(4)])
    np.testing.assert_array_equal(params[0], 1.0)
    assert opt.state == {}
