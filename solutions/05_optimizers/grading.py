"""Grading spec of lesson 05 (optimizers). Instructor-only.

References come from `backprop.optim` and `backprop.schedules`, which
tests/package/test_optim.py and test_schedules.py check step by step against hand-computed
updates and against trajectories recomputed entry by entry from the formulas. The
conventions graded here are the ones the notebook states (PyTorch forms of momentum and
Nesterov; Adam's first step has t = 1; eps outside the square root; epochs counted from 0).

Update rules are graded on trajectories: the grading call runs T steps from given gradients
and returns an array whose row 0 is the w passed to the first call (after all the steps:
it must be unchanged, the rules are pure) and whose rows 1..T are the weights after each
step. Known wrong implementations are named in feedback through `mistakes`.
"""

import runpy
from pathlib import Path

import numpy as np

from autograder.spec import Case, Exercise
from backprop_reference import optim
from backprop.activations import relu
from backprop.data import regression_1d
from backprop.layers import linear_forward
from backprop_reference.schedules import step_decay

# ----------------------------------------------------------------- update rules


def _call(fname: str, hyper: tuple[str, ...]) -> str:
    kwargs = ", ".join(f"{h}={h}" for h in hyper)
    return (
        "w_first = np.array(w0, dtype=float)\n"
        "w, state, rows = w_first, None, [None]\n"
        "for g in grads:\n"
        f"    w, state = {fname}(w, g, state, {kwargs})\n"
        "    rows.append(np.array(w, dtype=float))\n"
        "rows[0] = np.array(w_first, dtype=float)\n"
        "result = np.stack(rows)"
    )


def trajectory(rule, w0, grads, **hyper):
    """Row 0: w0; row t: the weights after step t (rule applied to the given gradients)."""
    w, state, rows = np.array(w0, dtype=float), None, [np.array(w0, dtype=float)]
    for g in grads:
        w, state = rule(w, g, state, **hyper)
        rows.append(np.array(w, dtype=float))
    return np.stack(rows)


def _reference(rule, hyper_names):
    def ref(w0, grads, **inputs):
        return trajectory(rule, w0, grads, **{h: inputs[h] for h in hyper_names})
    return ref


def _wrong(rule, hyper_names):
    """Trajectory of a wrong rule(w, g, state, **hyper) with the case's hyperparameters."""
    def run(w0, grads, **inputs):
        return trajectory(rule, w0, grads, **{h: inputs[h] for h in hyper_names})
    return run


def _grads(shape, steps, scales=None):
    def make(rng):
        g = rng.normal(size=(steps, *shape))
        if scales is not None:
            g = g * np.asarray(scales)
        return g
    return make


def _cases(hyper_maker):
    """Situations every update rule is tested in; hyper_maker(rng, variant) -> hyperparameters."""

    def case(shape, steps, scales=None, variant="default", zero_first=False):
        def make(rng):
            w0 = rng.normal(size=shape)
            grads = _grads(shape, steps, scales)(rng)
            if zero_first:
                grads[:, 0] = 0.0                        # an entry that never gets a gradient
            return dict(w0=w0, grads=grads, **hyper_maker(rng, variant))
        return make

    return [
        Case("w of shape (3,), 5 steps, gradients of size 1, 1e-2 and 1e-4",
             case((3,), 5, scales=[1.0, 1e-2, 1e-4])),
        Case("first step only (t = 1)", case((4,), 1, scales=[1.0, 0.3, 1e-3, 1e-4]), hidden=True),
        Case("matrix w (2, 3), 8 steps", case((2, 3), 8), hidden=True),
        Case("tiny gradients (1e-5 .. 1e-3), 6 steps", case((5,), 6, scales=[1e-5, 1e-4, 3e-4, 1e-3, 1e-4]),
             hidden=True),
        Case("an entry whose gradient is always 0", case((3,), 4, zero_first=True), hidden=True),
        Case("other hyperparameters, 10 steps", case((3,), 10, variant="other"), hidden=True),
    ]



# wrong implementations named in feedback ------------------------------------------

def _momentum_forgets(w, g, state, lr, beta):
    return w - lr * g, {}


def _momentum_average(w, g, state, lr, beta):
    v = (1 - beta) * g if state is None else beta * state["v"] + (1 - beta) * g
    return w - lr * v, {"v": v}


def _nesterov_plain(w, g, state, lr, beta):
    return optim.momentum_update(w, g, state, lr=lr, beta=beta)


def _nesterov_stores_direction(w, g, state, lr, beta):
    v = beta * (np.zeros_like(w) if state is None else state["v"]) + g
    d = g + beta * v
    return w - lr * d, {"v": d}


def _nesterov_forgets(w, g, state, lr, beta):
    return w - lr * (1 + beta) * g, {"v": g}


def _rmsprop_bias_corrected(w, g, state, lr, rho, eps):
    s, t = (0.0, 0) if state is None else (state["s"], state["t"])
    t += 1
    s = rho * s + (1 - rho) * g * g
    return w - lr * g / (np.sqrt(s / (1 - rho ** t)) + eps), {"s": s, "t": t}


def _rmsprop_no_sqrt(w, g, state, lr, rho, eps):
    s = rho * (0 if state is None else state["s"]) + (1 - rho) * g * g
    return w - lr * g / (s + eps), {"s": s}


def _rmsprop_swapped(w, g, state, lr, rho, eps):
    s = (1 - rho) * (0 if state is None else state["s"]) + rho * g * g
    return w - lr * g / (np.sqrt(s) + eps), {"s": s}


def _rmsprop_eps_inside(w, g, state, lr, rho, eps):
    s = rho * (0 if state is None else state["s"]) + (1 - rho) * g * g
    return w - lr * g / np.sqrt(s + eps), {"s": s}


def _adam_variant(correct=True, t_offset=0, eps_inside=False):
    def rule(w, g, state, lr, beta1, beta2, eps):
        m, v, t = (0.0, 0.0, 0) if state is None else (state["m"], state["v"], state["t"])
        t += 1
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        tc = t + t_offset
        mhat = m / (1 - beta1 ** tc) if correct else m
        vhat = v / (1 - beta2 ** tc) if correct else v
        denom = np.sqrt(vhat + eps) if eps_inside else np.sqrt(vhat) + eps
        return w - lr * mhat / denom, {"m": m, "v": v, "t": t}
    return rule


def _adam_m_only(w, g, state, lr, beta1, beta2, eps):
    m, v, t = (0.0, 0.0, 0) if state is None else (state["m"], state["v"], state["t"])
    t += 1
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g * g
    return w - lr * (m / (1 - beta1 ** t)) / (np.sqrt(v) + eps), {"m": m, "v": v, "t": t}


def _adam_swapped(w, g, state, lr, beta1, beta2, eps):
    return _adam_variant()(w, g, state, lr, beta2, beta1, eps)


def _mistakes(table, hyper_names):
    def mistakes(w0, grads, **inputs):
        out = {}
        with np.errstate(all="ignore"):
            for label, rule in table.items():
                out[label] = _wrong(rule, hyper_names)(w0, grads, **inputs)
        return out
    return mistakes


MOMENTUM_HYPER = ("lr", "beta")
RMSPROP_HYPER = ("lr", "rho", "eps")
ADAM_HYPER = ("lr", "beta1", "beta2", "eps")


def _sgd_hyper(rng, variant):
    return dict(lr=0.1 if variant == "default" else 0.73)


def _momentum_hyper(rng, variant):
    return dict(lr=0.1, beta=0.9) if variant == "default" else dict(lr=0.35, beta=0.5)


def _rmsprop_hyper(rng, variant):
    return (dict(lr=0.01, rho=0.9, eps=1e-8) if variant == "default"
            else dict(lr=0.003, rho=0.99, eps=1e-6))


def _adam_hyper(rng, variant):
    return (dict(lr=0.01, beta1=0.9, beta2=0.999, eps=1e-8) if variant == "default"
            else dict(lr=0.05, beta1=0.8, beta2=0.99, eps=1e-6))


def rule_exercise(cell, fname, rule, hyper_names, hyper_maker, mistakes_table):
    return Exercise(
        cell=cell,
        call=_call(fname, hyper_names),
        reference=_reference(rule, hyper_names),
        cases=_cases(hyper_maker),
        name=f"{fname} trajectory (row 0: the w you were given, must be unchanged; row t: w after step t)",
        mistakes=_mistakes(mistakes_table, hyper_names) if mistakes_table else None,
        rtol=1e-7, atol=1e-10,
        forbidden=(f"backprop_reference.optim.{fname}",),
    )


# ----------------------------------------------------------------- step decay

def _decay_cases():
    def case(lr0, factor, every, n_epochs):
        def make(rng):
            return dict(lr0=float(lr0 if lr0 else rng.uniform(0.01, 1.0)), factor=float(factor),
                        every=int(every), n_epochs=int(n_epochs))
        return make

    return [
        Case("lr0 = 0.1, halve every 10 epochs, epochs 0..34", case(0.1, 0.5, 10, 35)),
        Case("factor 0.1 every 3 epochs, epochs 0..11", case(None, 0.1, 3, 12), hidden=True),
        Case("decay every epoch (every = 1)", case(None, 0.7, 1, 6), hidden=True),
        Case("every = 4, factor 0.5, epochs 0..16", case(None, 0.5, 4, 17), hidden=True),
    ]


def _decay_reference(lr0, factor, every, n_epochs):
    return np.array([step_decay(e, lr0, factor=factor, every=every) for e in range(n_epochs)])


def _decay_mistakes(lr0, factor, every, n_epochs):
    e = np.arange(n_epochs)
    return {
        "the learning rate drops one epoch early (epochs are counted from 0: (epoch + 1) // every)":
            lr0 * factor ** ((e + 1) // every),
        "a smooth decay lr0 * factor ** (epoch / every) instead of steps": lr0 * factor ** (e / every),
        "epoch % every instead of epoch // every": lr0 * factor ** (e % every),
        "the learning rate drops one epoch late (epochs counted from 1: (epoch - 1) // every)":
            lr0 * factor ** (np.maximum(e - 1, 0) // every),
    }


DECAY_CALL = ("result = np.array([step_decay(e, lr0, factor=factor, every=every) "
              "for e in range(n_epochs)], dtype=float)")


# ----------------------------------------------------------------- training an MLP

EPOCHS = 30
LOSS_TARGET = 0.06          # full-batch MSE after training; the noise floor is 0.01


def _train_inputs(n, noise):
    def make(rng):
        X, Y = regression_1d(n=n, noise=noise, rng=rng)
        return dict(X=X / X.std(), Y=Y, seed=int(rng.integers(0, 1000)), lr0=0.01)
    return make


# The grading call brings its own momentum rule (the PyTorch form, written here) so that the loop
# is graded on its own, whatever the student's momentum_update does.
TRAIN_CALL = f"""
def graded_momentum(w, dw, state=None, lr=0.01, beta=0.9):
    v = np.array(dw, dtype=float) if state is None else beta * state["v"] + dw   # a copy: MLP reuses its gradient arrays
    return w - lr * v, {{"v": v}}
net, losses, history = train_mlp(X, Y, graded_momentum, lr0, dict(beta=0.9), epochs={EPOCHS}, batch_size=10,
                                 seed=seed, record=True)
result = (np.asarray(losses, dtype=float), [np.asarray(p, dtype=float) for p in net.parameters()],
          np.asarray(history["lrs"], dtype=float),
          [[np.asarray(p, dtype=float) for p in ps] for ps in history["params"]])
"""
BATCH_SIZE, FACTOR, EVERY, BETA = 10, 0.5, 10, 0.9
LAYER_SIZES = [1, 32, 32, 1]          # the network train_mlp builds: MLP(LAYER_SIZES, activation="relu")


def trained_predictions(params, X):
    """The predictions of MLP(LAYER_SIZES, relu) with the student's trained parameters
    [W1, b1, W2, b2, W3, b3], computed here with the reference layers (never in the kernel)."""
    shapes = [(n_out, n_in) if kind == "W" else (n_out,)
              for n_in, n_out in zip(LAYER_SIZES[:-1], LAYER_SIZES[1:]) for kind in "Wb"]
    got = [np.shape(p) for p in params]
    if got != shapes:
        raise ValueError(f"net.parameters() should be [W1, b1, W2, b2, W3, b3] with shapes {shapes}, got {got}")
    A = X
    for layer in range(len(shapes) // 2):
        W, b = params[2 * layer], params[2 * layer + 1]
        Z = linear_forward(A, W, b)[0]
        A = Z if layer == len(shapes) // 2 - 1 else relu(Z)
    return A


def replay_training(X, Y, seed, lr0, *, decay=True, reset_state=False, shuffle=True):
    """The stated loop, run here with the package's MLP, mse_loss and momentum rule: the list of
    parameter lists after each epoch (entry 0 before training). The keywords give the wrong loops
    feedback names: a constant rate, states reset every epoch, no shuffling. (One state shared by
    all parameters fails in the student's own run: the velocities have different shapes.)"""
    from backprop.losses import mse_loss
    from backprop.mlp import MLP
    net = MLP(LAYER_SIZES, activation="relu", init="he_normal", rng=seed)
    rng = np.random.default_rng(seed)
    params = net.parameters()
    states = [None] * len(params)
    snapshots = [[p.copy() for p in params]]
    for epoch in range(EPOCHS):
        lr = step_decay(epoch, lr0, FACTOR, EVERY) if decay else lr0
        order = rng.permutation(len(X)) if shuffle else np.arange(len(X))
        if reset_state:
            states = [None] * len(params)
        for start in range(0, len(X), BATCH_SIZE):
            idx = order[start:start + BATCH_SIZE]
            _, dY = mse_loss(net.forward(X[idx]), Y[idx])
            net.backward(dY)
            for i, (p, g) in enumerate(zip(params, net.gradients())):
                p_next, states[i] = optim.momentum_update(p, g, states[i], lr=lr, beta=BETA)
                p[...] = p_next
        snapshots.append([p.copy() for p in params])
    return snapshots


def _first_differing_epoch(recorded, replayed):
    for e, (got, want) in enumerate(zip(recorded, replayed)):
        if len(got) != len(want) or any(np.shape(a) != np.shape(b) or not np.allclose(a, b, rtol=1e-6, atol=1e-9)
                                        for a, b in zip(got, want)):
            return e
    return None


def behaviour_messages(lrs, history, inputs):
    """What the loop did, epoch by epoch, against a replay of the stated loop."""
    lr0 = float(inputs["lr0"])
    schedule = np.array([step_decay(e, lr0, FACTOR, EVERY) for e in range(EPOCHS)])
    lrs = np.asarray(lrs, dtype=float).ravel()
    if lrs.shape != (EPOCHS,):
        return [f"history['lrs'] must hold the learning rate of each of the {EPOCHS} epochs; got {lrs.size} values."]
    if len(history) != EPOCHS + 1:
        return [f"history['params'] must hold {EPOCHS + 1} lists of parameters (before training and after each "
                f"epoch); got {len(history)}."]
    wrong = np.flatnonzero(~np.isclose(lrs, schedule, rtol=1e-12, atol=0.0))
    if wrong.size:
        e = int(wrong[0])
        return [f"epoch {e} used the learning rate {lrs[e]:.6g}; the schedule step_decay(e, lr0, factor=0.5, "
                f"every=10) gives {schedule[e]:.6g} (epochs count from 0; the rate is set once per epoch)."]
    X, Y, seed = inputs["X"], inputs["Y"], int(inputs["seed"])
    with np.errstate(all="ignore"):
        e = _first_differing_epoch(history, replay_training(X, Y, seed, lr0))
        if e is None:
            return []
        if e == 0:
            return ["history['params'][0] must be the network's initial parameters (copies, before any update)."]
        for label, variant in (
                ("the learning rate stayed at lr0: the recorded rate was right, but the update did not use it "
                 "(pass lr=lr, the epoch's rate, to every update call)", dict(decay=False)),
                ("the optimizer states were reset at the start of each epoch: they must carry over for the "
                 "whole training", dict(reset_state=True)),
                ("the examples were not shuffled: one rng.permutation(N) per epoch", dict(shuffle=False))):
            try:
                variant_history = replay_training(X, Y, seed, lr0, **variant)
            except (ValueError, FloatingPointError):
                continue
            if _first_differing_epoch(history, variant_history) is None:
                return [f"from epoch {e}: {label}."]
    return [f"the parameters after epoch {e} differ from a replay of the stated loop from the same network "
            "and shuffling: He-initialized MLP(..., rng=seed), rng = np.random.default_rng(seed), one "
            "rng.permutation per epoch, consecutive batches of batch_size, update(p, g, state_i, lr=lr, **hyper) "
            "for every parameter p[...] = p_next, and copies in history['params']."]


def train_check(outputs, inputs):
    """What the loop did (the learning rate of each epoch and every parameter after each epoch,
    against a replay here of the stated loop), then the results: losses one per epoch, finite,
    the last below half the first; the trained network's full-batch MSE below LOSS_TARGET, from
    predictions the grader computes with the returned parameters."""
    if not (isinstance(outputs, tuple) and len(outputs) == 4):
        return ["train_mlp(..., record=True) must return (net, losses, history)."]
    losses, params, lrs, history = outputs
    Y = inputs["Y"]
    msgs = behaviour_messages(lrs, history, inputs)
    try:
        with np.errstate(all="ignore"):
            pred = trained_predictions(params, inputs["X"])
    except ValueError as exc:
        return [str(exc)]
    if np.shape(losses) != (EPOCHS,):
        msgs.append(f"losses must hold one mean loss per epoch: expected shape ({EPOCHS},), "
                    f"got {np.shape(losses)}.")
    elif not np.all(np.isfinite(losses)):
        msgs.append("some epoch losses are NaN or inf: the training diverged (learning rate, "
                    "or the sign of the update?).")
    elif np.isclose(losses[-1], losses[0], rtol=1e-9, atol=0.0):
        msgs.append(f"the loss did not change at all (first and last epoch {losses[0]:.4g}): the network "
                    "is never modified. Is net.backward(dY) called before net.gradients(), and is each "
                    "update written into its parameter (p[...] = p_next)?")
    elif not losses[-1] < 0.5 * losses[0]:
        msgs.append(f"the loss did not decrease enough: first epoch {losses[0]:.4g}, last epoch "
                    f"{losses[-1]:.4g} (expected the last below half the first).")
    with np.errstate(all="ignore"):
        mse = float(np.mean(np.sum((pred - Y) ** 2, axis=1)))
    if not mse < LOSS_TARGET:
        msgs.append(f"after training, the network's mean squared error on the data is {mse:.4g}; "
                    f"it should be below {LOSS_TARGET} (the noise alone gives about 0.01). Are the "
                    "parameters updated in place (p[...] = ...), with each its own state?")
    return msgs


# ----------------------------------------------------------------- the spec

# ----------------------------------------------------------------- by hand and from the playground

by_hand = runpy.run_path(str(Path(__file__).parents[1] / "answer_cells.py"))["by_hand"]
LAM_MAX, LAM_MIN = 20.0, 0.5          # the quadratic of section 1 (surfaces.quadratic(lam=(0.5, 20.0)))


def _three_steps(rule, **hyper):
    w, state, ws = np.zeros(1), None, []
    for _ in range(3):
        w, state = rule(w, np.ones(1), state, lr=1.0, **hyper)
        ws.append(float(w[0]))
    return ws


def divergence_threshold(rule_name, beta=0.0):
    """The learning rate above which a rule diverges on f = LAM_MAX w^2 / 2, in closed form:
    the iteration matrix of (w_t, v_t) gets an eigenvalue -1 there. tests/lessons/test_05_optimizers.py
    checks each against a bisection on the package's rules."""
    return {"sgd": 2 / LAM_MAX, "momentum": 2 * (1 + beta) / LAM_MAX,
            "nesterov": (2 + 2 * beta) / ((1 + 2 * beta) * LAM_MAX)}[rule_name]


PLAYGROUND_EXERCISES = [
    by_hand("test_momentum_by_hand", "momentum_by_hand", ["heavy-ball w1..w3", "Nesterov w1..w3"],
            lambda: (np.array(_three_steps(optim.momentum_update, beta=0.5)),
                     np.array(_three_steps(optim.nesterov_update, beta=0.5))),
            mistakes=lambda: {"the velocity is an average v = beta v + (1 - beta) g: the table's v = beta v + g has no (1 - beta)":
                                  (np.array([-0.5, -1.25, -2.125]), np.array([-0.75, -1.75, -2.9375])),
                              "Nesterov taken as plain momentum (the look-ahead g + beta v is missing)":
                                  (np.array([-1.0, -2.5, -4.25]), np.array([-1.0, -2.5, -4.25]))},
            denominator=8),
    by_hand("test_playground_gd", "divergence_lr", ["divergence_lr()"],
            lambda: np.array(divergence_threshold("sgd")),
            mistakes=lambda: {"1 / lambda_max is where the zig-zag starts (the factor 1 - lr lambda turns negative), "
                              "not where it diverges (|1 - lr lambda| > 1)": np.array(1 / LAM_MAX),
                              "2 / lambda_min: it is the steepest direction that diverges first": np.array(2 / LAM_MIN),
                              "2 / (lambda_min + lambda_max) is the best single rate, not the limit":
                                  np.array(2 / (LAM_MIN + LAM_MAX))},
            rtol=1e-3),
    by_hand("test_playground_momentum", "momentum_answers", ["(steady-step factor, divergence lr)"],
            lambda: np.array([1 / (1 - 0.9), divergence_threshold("momentum", beta=0.9)]),
            mistakes=lambda: {"the steady step is 1 / (1 - beta) = 10 times SGD's, and momentum's limit is "
                              "2 (1 + beta) / lambda_max, not SGD's 2 / lambda_max":
                                  np.array([10.0, 2 / LAM_MAX]),
                              "1 + beta is the first two steps' sum, not the steady factor 1 / (1 - beta)":
                                  np.array([1.9, 2 * 1.9 / LAM_MAX])},
            rtol=1e-3),
    by_hand("test_playground_nesterov", "nesterov_bound", ["nesterov_bound()"],
            lambda: np.array(divergence_threshold("nesterov", beta=0.9)),
            mistakes=lambda: {"that is heavy-ball momentum's limit 2 (1 + beta) / lambda_max; Nesterov's look-ahead "
                              "lowers it to (2 + 2 beta) / ((1 + 2 beta) lambda_max)": np.array(2 * 1.9 / LAM_MAX),
                              "that is SGD's limit 2 / lambda_max": np.array(2 / LAM_MAX)},
            rtol=1e-3),
]


EXERCISES = [
    rule_exercise("test_sgd_update", "sgd_update", optim.sgd_update, ("lr",), _sgd_hyper, {}),
    rule_exercise("test_momentum_update", "momentum_update", optim.momentum_update, MOMENTUM_HYPER,
                  _momentum_hyper, {
                      "the velocity forgets its previous value (v = g): that is plain SGD": _momentum_forgets,
                      "v = beta v + (1 - beta) g (an average; the convention here is v = beta v + g)":
                          _momentum_average,
                  }),
    rule_exercise("test_nesterov_update", "nesterov_update", optim.nesterov_update, MOMENTUM_HYPER,
                  _momentum_hyper, {
                      "plain momentum (w - lr v): the look-ahead step g + beta v (with the new v) is missing":
                          _nesterov_plain,
                      "the state keeps the step direction g + beta v instead of the velocity v":
                          _nesterov_stores_direction,
                      "the velocity forgets its previous value (v = g)": _nesterov_forgets,
                  }),
    rule_exercise("test_rmsprop_update", "rmsprop_update", optim.rmsprop_update, RMSPROP_HYPER,
                  _rmsprop_hyper, {
                      "the decay is on the wrong term: s = (1 - rho) s + rho g^2": _rmsprop_swapped,
                      "eps inside the square root: sqrt(s + eps)": _rmsprop_eps_inside,
                      "s is bias-corrected like Adam's v (RMSProp here has no correction)":
                          _rmsprop_bias_corrected,
                      "divided by s instead of sqrt(s)": _rmsprop_no_sqrt,
                  }),
    rule_exercise("test_adam_update", "adam_update", optim.adam_update, ADAM_HYPER, _adam_hyper, {
        "no bias correction": _adam_variant(correct=False),
        "the bias correction's step count is one too high (the first step must use t = 1)":
            _adam_variant(t_offset=1),
        "eps inside the square root: sqrt(vhat + eps)": _adam_variant(eps_inside=True),
        "beta1 and beta2 swapped (m must use beta1, v beta2)": _adam_swapped,
        "m is bias-corrected but v is not": _adam_m_only,
    }),
    Exercise(
        cell="test_step_decay", call=DECAY_CALL, reference=_decay_reference, cases=_decay_cases(),
        name="[step_decay(e, lr0, factor, every) for e = 0, 1, ...]", mistakes=_decay_mistakes,
        rtol=1e-12, atol=0.0, forbidden=("backprop_reference.schedules.step_decay",),
    ),
    Exercise(
        cell="test_train_mlp", call=TRAIN_CALL, check=train_check,
        cases=[
            Case("200 points of the 1-D regression data (x standardized), noise 0.1", _train_inputs(200, 0.1)),
            Case("another draw of 200 points", _train_inputs(200, 0.1), hidden=True),
            Case("150 points, noise 0.05", _train_inputs(150, 0.05), hidden=True),
        ],
        name="train_mlp", forbidden=("backprop_reference.optim.Momentum",),
    ),
] + PLAYGROUND_EXERCISES
