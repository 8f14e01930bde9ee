"""Grading spec of lesson 03 (backpropagation equations for MLPs). Instructor-only.

References come from the package (backprop.layers, backprop.activations, backprop.losses,
backprop.gradcheck), which tests/package/ checks against central differences in float64.
The gradient checker and the training loop are graded behaviourally (`check`): the checker
must report ~0 for correct gradients and the exact relative error for known wrong ones; the
training loop returns its per-epoch parameters, and the grader replays single epochs of the
stated SGD from them (its own permutations, forward, backward and update) and compares every
layer and every recorded loss; the trained network must also reach the stated loss.
"""

import re

import runpy
from pathlib import Path

import numpy as np

from autograder.spec import Case, Exercise
from backprop import activations, layers
from backprop_reference import losses
from backprop.checking import diagnose
from backprop_reference.gradcheck import numerical_gradient as _numerical_gradient

TARGET_MSE = 0.05          # stated in the notebook (section 9)

GRADED_ACTIVATIONS = ("relu", "sigmoid", "tanh")      # g and g'(z) from the package's registry
ACT_VALUE = {name: activations.get_activation(name).g for name in GRADED_ACTIVATIONS}
ACT_PRIME = {name: activations.get_activation(name).prime for name in GRADED_ACTIVATIONS}


# ----------------------------------------------------------------- item-by-item feedback

def itemwise(reference, keys, names, batch_size=None, mistakes=None, rtol=1e-7, atol=1e-10):
    """A `check` comparing outputs[key] with reference(**inputs)[i], one named item at a time.

    Used where an exercise returns two arrays of the same shape ((A, dZ), (grad, x)): a tuple
    of those would be compared (and reported) as one stacked array, without the item names.
    The call returns a dict {key: value}; `mistakes(**inputs)` gives {description: tuple of
    wrong values, one per key (None where the item is not affected)} for feedback.
    """
    def check(outputs, inputs):
        if not isinstance(outputs, dict) or any(k not in outputs for k in keys):
            return [f"expected the results {', '.join(names)}."]
        expected = reference(**inputs)
        known = mistakes(**inputs) if mistakes is not None else {}
        B = int(np.shape(inputs[batch_size])[0]) if batch_size else None
        for i, (key, name) in enumerate(zip(keys, names)):
            item_mistakes = {label: wrong[i] for label, wrong in known.items() if wrong[i] is not None}
            msg = diagnose(outputs[key], expected[i], name=name, rtol=rtol, atol=atol, batch_size=B,
                           mistakes=item_mistakes)
            if msg:
                return [msg]
        return []
    return check


# ----------------------------------------------------------------- linear layer

def linear_inputs(B, n_in, n_out):
    def make(rng):
        return dict(A=rng.normal(size=(B, n_in)), W=rng.normal(size=(n_out, n_in)),
                    b=rng.normal(size=n_out), dZ=rng.normal(size=(B, n_out)))
    return make


def linear_backward_reference(A, W, b, dZ):
    return layers.linear_backward(dZ, layers.linear_forward(A, W, b)[1])


# ----------------------------------------------------------------- activations

def activation_inputs(shape, scale=2.0, integers=False):
    def make(rng):
        if integers:                    # exact zeros included: 1[z > 0] vs 1[z >= 0]
            Z = rng.integers(-2, 3, size=shape).astype(float)
        else:
            Z = rng.normal(scale=scale, size=shape)
        return dict(Z=Z, dA=rng.normal(size=shape))
    return make


def activation_reference(name):
    forward, backward = getattr(layers, f"{name}_forward"), getattr(layers, f"{name}_backward")

    def reference(Z, dA):
        A, cache = forward(Z)
        return A, backward(dA, cache)
    return reference


def activation_mistakes(name):
    """Known wrong values of (A, dZ) for the activation `name`, for feedback."""
    def mistakes(Z, dA):
        A = ACT_VALUE[name](Z)
        wrong = {f"g' evaluated at the activation a = g(z) instead of at the pre-activation z "
                 f"(g'(a) rather than g'(z))": (None, dA * ACT_PRIME[name](A)),
                 "returned g'(Z) without multiplying by dA (the chain rule: dZ = dA * g'(Z))":
                     (None, ACT_PRIME[name](Z))}
        if name == "tanh":
            wrong["1 - a instead of 1 - a**2"] = (None, dA * (1 - A))
        if name == "relu":
            wrong["multiplied dA by the activation max(Z, 0) instead of by 1[Z > 0]"] = (None, dA * A)
            wrong["1[Z >= 0] instead of 1[Z > 0]: at z = 0 exactly the gradient must be 0"] = (None, dA * (Z >= 0))
        return wrong
    return mistakes


def activation_exercise(name, cases):
    return Exercise(
        cell=f"test_{name}",
        call=f"A, cache = {name}_forward(Z)\nresult = {{'A': A, 'dZ': {name}_backward(dA, cache)}}",
        check=itemwise(activation_reference(name), ("A", "dZ"),
                       (f"A = {name}_forward(Z)[0]", f"dZ = {name}_backward(dA, cache)"),
                       mistakes=activation_mistakes(name)),
        name=f"{name}_forward / {name}_backward",
        cases=cases,
    )


# ----------------------------------------------------------------- losses

def mse_inputs(B, k):
    return lambda rng: dict(Y_hat=rng.normal(size=(B, k)), Y=rng.normal(size=(B, k)))


def mse_mistakes(Y_hat, Y):
    k = Y.shape[1]
    loss, grad = losses.mse_loss(Y_hat, Y)
    if k == 1:
        return {}
    return {f"averaged over the {k} outputs as well as over the batch (np.mean divides by B * k): "
            "sum over the outputs, average over the batch only": (loss / k, grad / k)}


def logits_inputs(B, C, scale=2.0, labels="random"):
    def make(rng):
        Z = rng.normal(scale=scale, size=(B, C))
        if labels == "smallest":        # the true class has the smallest logit: p_y underflows
            y = Z.argmin(axis=1)
        else:
            y = rng.integers(0, C, size=B)
        return dict(logits=Z, y=y.astype(np.int64))
    return make


def softmax_inputs(B, C, scale=2.0, mixed=False):
    def make(rng):
        Z = rng.normal(scale=scale, size=(B, C))
        if mixed:                       # rows of very different size: a global max is not enough
            Z[0] += 1000.0
            Z[-1] -= 1000.0
        return dict(Z=Z)
    return make


# ----------------------------------------------------------------- MLP

def mlp_inputs(widths, B, activation):
    """Random params for up to 3 layers (unused ones are 1x1 dummies), the forward cache, dOut."""
    def make(rng):
        n_layers = len(widths) - 1
        inputs = dict(activation=activation, n_layers=n_layers)
        X = rng.normal(size=(B, widths[0]))
        A, As, Zs = X, [], []
        for l in range(3):
            if l < n_layers:
                W = rng.normal(scale=1.0 / np.sqrt(widths[l]), size=(widths[l + 1], widths[l]))
                b = rng.normal(scale=0.5, size=widths[l + 1])
                As.append(A)
                Z = A @ W.T + b
                Zs.append(Z)
                A = Z if l == n_layers - 1 else ACT_VALUE[activation](Z)
            else:
                W, b = np.zeros((1, 1)), np.zeros(1)
                As.append(np.zeros((1, 1)))
                Zs.append(np.zeros((1, 1)))
            inputs[f"W{l + 1}"], inputs[f"b{l + 1}"] = W, b
            inputs[f"A{l}"], inputs[f"Z{l + 1}"] = As[l], Zs[l]
        inputs["X"] = X
        inputs["dOut"] = rng.normal(size=(B, widths[-1])) / B
        return inputs
    return make


def without(make_all, pattern):
    """Case inputs `make_all` minus the names matching `pattern` (the same draws): the kernel
    gets only what the exercise's call uses, never the values the student must compute."""
    def make(rng):
        return {k: v for k, v in make_all(rng).items() if not re.fullmatch(pattern, k)}
    return make


def forward_inputs(widths, B, activation):
    """mlp_inputs without the forward cache and dOut: X, the parameters and the activation."""
    return without(mlp_inputs(widths, B, activation), r"A\d|Z\d|dOut")


def _params(n_layers, **p):
    return [(p[f"W{l}"], p[f"b{l}"]) for l in range(1, int(n_layers) + 1)]


def mlp_forward_reference(X, activation, n_layers, **p):
    params = _params(n_layers, **p)
    A, As, Zs = X, [], []
    for l, (W, b) in enumerate(params):
        As.append(A)
        Z, _ = layers.linear_forward(A, W, b)
        Zs.append(Z)
        A = Z if l == len(params) - 1 else ACT_VALUE[str(activation)](Z)
    return (A, As, Zs)


def mlp_backward_reference(dOut, activation, n_layers, **p):
    """BP1-BP4 with the package's linear_backward and activation derivatives."""
    n = int(n_layers)
    params = _params(n, **p)
    grads = [None] * n
    dZ = dOut
    for l in reversed(range(n)):
        W, b = params[l]
        dA, dW, db = layers.linear_backward(dZ, (p[f"A{l}"], W))
        grads[l] = (dW, db)
        if l > 0:
            dZ = dA * ACT_PRIME[str(activation)](p[f"Z{l}"])
    return tuple(g for pair in grads for g in pair)


def mlp_backward_mistakes(dOut, activation, n_layers, **p):
    """Known wrong gradients: g' taken at the activation, or applied to the linear output layer."""
    n, act = int(n_layers), str(activation)
    wrong = {}
    at_activation = {**p, **{f"Z{l}": p[f"A{l}"] for l in range(1, n)}}      # g'(a^l) instead of g'(z^l)
    wrong["g' evaluated at the activation a^l instead of at the pre-activation z^l (BP2 needs g'(z^l))"] = \
        mlp_backward_reference(dOut, act, n, **at_activation)
    wrong["dOut multiplied by g'(z^L), but the output layer is linear (a^L = z^L): Delta^L = dOut"] = \
        mlp_backward_reference(dOut * ACT_PRIME[act](p[f"Z{n}"]), act, n, **p)
    return wrong


MLP_SETUP = """
activation, n_layers = str(activation), int(n_layers)
params = [(W1, b1), (W2, b2), (W3, b3)][:n_layers]
"""


# ----------------------------------------------------------------- gradient checking

def _f_value(x, c):
    return float(np.sum(np.exp(0.5 * x) * c) + np.sum(x ** 3) / 3)


def numgrad_inputs(shape, h):
    def make(rng):
        return dict(x=rng.normal(size=shape), c=rng.normal(size=shape), h=h)
    return make


def numgrad_reference(x, c, h):
    return _numerical_gradient(lambda z: _f_value(z, c), x, h=h), x


def numgrad_mistakes(x, c, h):
    central = _numerical_gradient(lambda z: _f_value(z, c), x, h=h)
    forward = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        up = x.copy()
        up[i] += h
        forward[i] = (_f_value(up, c) - _f_value(x, c)) / h
    return {"divided by h instead of 2h (the two points x + h and x - h are 2h apart)": (2 * central, None),
            "one-sided difference (f(x + h) - f(x)) / h: use the central difference (f(x + h) - f(x - h)) / (2h)":
                (forward, None)}


def gradcheck_inputs(shape, fault):
    """P, Q, R and gradients for f = sum(sin(P) Q) + sum(P^2)/2 (R unused), one fault injected.

    The inputs hold no answer: the error each parameter should get is computed by the check,
    in the grader's process, from P, Q and the gradients handed to the student.
    """
    def make(rng):
        P = rng.uniform(0.5, 1.5, size=shape)
        Q = rng.uniform(0.5, 1.5, size=shape)
        R = rng.normal(size=(2, 3))
        given = [g.copy() for g in _true_gradients(P, Q, R)]
        if fault == "double dP":
            given[0] *= 2
        elif fault == "flip dQ":
            given[1] *= -1
        elif fault == "one entry of dP":
            given[0].flat[rng.integers(given[0].size)] += 1.0
        elif fault == "nonzero dR":
            given[2] = rng.normal(size=R.shape)
        return dict(P=P, Q=Q, R=R, dP=given[0], dQ=given[1], dR=given[2])
    return make


def _true_gradients(P, Q, R):
    """The gradients of f = sum(sin(P) Q) + sum(P^2)/2 (R unused) with respect to P, Q, R."""
    return [np.cos(P) * Q + P, np.sin(P), np.zeros_like(R)]


def _expected_errors(inputs):
    """The relative error gradient_check should report per parameter (0 for a right gradient)."""
    true = _true_gradients(inputs["P"], inputs["Q"], inputs["R"])
    given = (inputs["dP"], inputs["dQ"], inputs["dR"])
    return [float(np.max(np.abs(a - t) / np.maximum(1e-8, np.abs(a) + np.abs(t))))
            for a, t in zip(given, true)]


def check_gradient_check(outputs, inputs):
    errors, P, Q, R = outputs
    errors = np.asarray(errors, dtype=float).ravel()
    if errors.shape != (3,):
        return [f"gradient_check must return one error per parameter (3 here), got {errors.size} value(s)."]
    messages = []
    for name, got, want in zip(("P", "Q", "R"), errors, _expected_errors(inputs)):
        if not np.isfinite(got):
            messages.append(f"gradient_check returned {got} for {name}: is the max(1e-8, ...) floor in "
                            "the denominator missing (0/0 when both gradients are 0)?")
        elif want == 0 and not got < 1e-5:
            messages.append(f"the gradient of {name} is correct but gradient_check reported a relative "
                            f"error of {got:.3g} (expected < 1e-5): check the central difference and the "
                            "relative error formula.")
        elif want > 0 and not abs(got - want) <= 1e-4 * max(1.0, want):
            messages.append(f"for the wrong gradient of {name}, gradient_check reported {got:.6g}, expected "
                            f"{want:.6g} (the largest |a - n| / max(1e-8, |a| + |n|) over its entries).")
    for name, got in (("P", P), ("Q", Q), ("R", R)):
        if not np.array_equal(np.asarray(got), inputs[name]):
            messages.append(f"parameter {name} was changed by gradient_check: restore every entry you perturb.")
    return messages


# ----------------------------------------------------------------- training

def training_inputs(data_seed, seed):
    from backprop.data import regression_1d

    def make(rng):
        X, Y = regression_1d(200, noise=0.1, rng=data_seed)
        return dict(X=X, Y=Y, seed=seed)
    return make


TRAIN_DEFAULTS = dict(sizes=(1, 32, 32, 1), lr=0.05, epochs=300, batch_size=32)   # the notebook's defaults


def _init_params(sizes, rng):
    """The notebook's init_params (a locked cell): W^l ~ N(0, 1/n_(l-1)), b^l = 0, in layer order."""
    return [(rng.normal(0.0, np.sqrt(1.0 / n_in), size=(n_out, n_in)), np.zeros(n_out))
            for n_in, n_out in zip(sizes[:-1], sizes[1:])]


def _tanh_mlp_loss_and_grads(X, Y, params):
    """Batch-mean MSE of the tanh MLP (linear output) and its gradients, from the package's layers."""
    A, caches = X, []
    for l, (W, b) in enumerate(params):
        Z, lin = layers.linear_forward(A, W, b)
        if l < len(params) - 1:
            A, act = layers.tanh_forward(Z)
        else:
            A, act = Z, None
        caches.append((lin, act))
    loss, dA = losses.mse_loss(A, Y)
    grads = [None] * len(params)
    for l in range(len(params) - 1, -1, -1):
        lin, act = caches[l]
        dZ = dA if act is None else layers.tanh_backward(dA, act)
        dA, dW, db = layers.linear_backward(dZ, lin)
        grads[l] = (dW, db)
    return float(loss), grads


def _replay_epoch(params, X, Y, order, lr, batch_size):
    """One epoch of the stated SGD from `params` (not modified): new params and the batch losses."""
    params = [(W.copy(), b.copy()) for W, b in params]
    batch_losses = []
    for start in range(0, len(order), batch_size):
        idx = order[start:start + batch_size]
        loss, grads = _tanh_mlp_loss_and_grads(X[idx], Y[idx], params)
        for (W, b), (dW, db) in zip(params, grads):
            W -= lr * dW
            b -= lr * db
        batch_losses.append(loss)
    return params, batch_losses


def _pairs(flat):
    return [(np.asarray(flat[i]), np.asarray(flat[i + 1])) for i in range(0, len(flat), 2)]


def _epoch_messages(before, after, X, Y, order, seen_losses, epoch, lr, batch_size):
    """What differs between the recorded epoch (before -> after, seen_losses) and its replay."""
    replayed, replayed_losses = _replay_epoch(before, X, Y, order, lr, batch_size)
    for l, ((W0, b0), (W1, b1), (Wr, br)) in enumerate(zip(before, after, replayed), start=1):
        for name, p0, p1, pr in (("W", W0, W1, Wr), ("b", b0, b1, br)):
            if np.allclose(p1, pr, rtol=1e-6, atol=1e-9):
                continue
            if np.array_equal(p1, p0):
                return [f"epoch {epoch}: {name}{l} did not change at all, but SGD updates every layer: "
                        f"each layer's {name} must move by -lr times its gradient at every step."]
            if np.allclose(p1 - p0, -(pr - p0), rtol=1e-6, atol=1e-9):
                return [f"epoch {epoch}: {name}{l} moved up the gradient (W += lr * dW): the update climbs the loss."]
            unshuffled, _ = _replay_epoch(before, X, Y, np.arange(len(order)), lr, batch_size)
            if all(np.allclose(a, u, rtol=1e-6, atol=1e-9) for pair_a, pair_u in zip(after, unshuffled)
                   for a, u in zip(pair_a, pair_u)):
                return [f"epoch {epoch}: the examples were taken in their stored order: shuffle them with "
                        "one rng.permutation(N) per epoch."]
            return [f"epoch {epoch}: {name}{l} after the epoch differs from one epoch of the stated SGD replayed "
                    f"from your own history (largest difference {np.max(np.abs(p1 - pr)):.3g}). The stated "
                    "loop: one rng.permutation(N) per epoch (nothing else drawn from rng), consecutive "
                    "batches of batch_size rows of that order, W -= lr * dW and b -= lr * db for every "
                    "layer after each batch, and history holding copies of the parameters."]
    seen = np.asarray(seen_losses, dtype=float)
    if seen.shape != (len(replayed_losses),) or not np.allclose(seen, replayed_losses, rtol=1e-6, atol=1e-10):
        return [f"epoch {epoch}: the recorded losses are not the batch-mean MSE of that epoch's mini-batches "
                f"(expected {np.round(replayed_losses[:3], 5)}..., got {np.round(seen[:3], 5)}...): "
                "append the loss mse_loss returns for each mini-batch, before the update."]
    return []


def check_training(outputs, inputs):
    losses_seen, flat, picked, flat_history, n_history = outputs
    losses_seen = np.asarray(losses_seen, dtype=float).ravel()
    epochs, batch_size, lr = TRAIN_DEFAULTS["epochs"], TRAIN_DEFAULTS["batch_size"], TRAIN_DEFAULTS["lr"]
    X, Y, seed = inputs["X"], inputs["Y"], int(inputs["seed"])
    N = X.shape[0]
    steps = -(-N // batch_size)
    if losses_seen.size != epochs * steps:
        return [f"train_mlp must return the loss of every mini-batch step: {epochs} epochs of {steps} "
                f"batches, {epochs * steps} values; got {losses_seen.size}."]
    messages = []
    if not np.all(np.isfinite(losses_seen)):
        return ["the recorded losses contain NaN or inf: the training diverged."]
    if not np.mean(losses_seen[-10:]) < np.mean(losses_seen[:10]):
        messages.append(f"the loss did not decrease (first 10 steps {np.mean(losses_seen[:10]):.4g}, "
                        f"last 10 {np.mean(losses_seen[-10:]):.4g}).")
    if int(n_history) != epochs + 1:
        return messages + [f"history must hold the parameters before training and after each of the {epochs} "
                           f"epochs ({epochs + 1} entries); got {int(n_history)}."]
    try:
        final = _pairs(flat)
        history = {int(e): _pairs(h) for e, h in zip(np.asarray(picked).ravel(), flat_history)}
    except Exception as exc:
        return messages + [f"the returned params could not be used as [(W1, b1), ...]: {exc}"]
    rng = np.random.default_rng(seed)
    initial = _init_params(TRAIN_DEFAULTS["sizes"], rng)
    orders = [rng.permutation(N) for _ in range(epochs)]
    if any(not np.array_equal(a, b) for pa, pb in zip(history[0], initial) for a, b in zip(pa, pb)):
        return messages + ["history[0] must be the initial parameters, as init_params(sizes, rng) drew them."]
    if any(not np.array_equal(a, b) for pa, pb in zip(history[epochs], final) for a, b in zip(pa, pb)):
        messages.append(f"history[{epochs}] must equal the params train_mlp returns (the parameters after the last epoch).")
    for e in sorted(history):
        if e + 1 in history:
            found = _epoch_messages(history[e], history[e + 1], X, Y, orders[e],
                                    losses_seen[e * steps:(e + 1) * steps], e + 1, lr, batch_size)
            if found:
                messages += found
                break
    untrained = _tanh_mlp_loss_and_grads(X, Y, history[0])[0]
    trained = _tanh_mlp_loss_and_grads(X, Y, final)[0]
    if not (trained < TARGET_MSE and trained <= untrained / 2):
        messages.append(f"the trained network's MSE on the training set is {trained:.4g}: it must be below "
                        f"{TARGET_MSE} and at most half the untrained network's ({untrained:.4g}).")
    return messages


# ----------------------------------------------------------------- the spec

# ----------------------------------------------------------------- predict, then check

by_hand = runpy.run_path(str(Path(__file__).parents[1] / "answer_cells.py"))["by_hand"]
X_HAND = np.array([[1., 0.], [0., 1.], [1., 1.]])          # the worked example of section 7
Y_HAND = np.array([[1.], [0.], [-0.5]])
PARAMS_HAND = [(np.array([[1., -1.], [2., 0.]]), np.array([0.5, -1.])), (np.array([[1., -2.]]), np.array([0.5]))]


def _worked_example_grads(relu_mask=True, batch_mean=True):
    """(dW1, db1, dW2, db2) of the worked example from the package's layers; the keywords give
    named wrong answers (the ReLU mask forgotten, the batch mean forgotten)."""
    (W1, b1), (W2, b2) = PARAMS_HAND
    Z1, lin1 = layers.linear_forward(X_HAND, W1, b1)
    A1, act1 = layers.relu_forward(Z1)
    Z2, lin2 = layers.linear_forward(A1, W2, b2)
    _, dZ2 = losses.mse_loss(Z2, Y_HAND)
    if not batch_mean:
        dZ2 = dZ2 * X_HAND.shape[0]
    dA1, dW2, db2 = layers.linear_backward(dZ2, lin2)
    dZ1 = layers.relu_backward(dA1, act1) if relu_mask else dA1
    _, dW1, db1 = layers.linear_backward(dZ1, lin1)
    return dW1, db1, dW2, db2


WORKED_EXAMPLE = by_hand(
    "test_worked_example_by_hand", "worked_example_by_hand", ["dW1", "db1", "dW2", "db2"], _worked_example_grads,
    mistakes=lambda: {"the ReLU mask 1[Z1 > 0] is missing in BP2: example 2 must not reach W1 and b1":
                          _worked_example_grads(relu_mask=False),
                      "the batch mean is missing: Delta2 = (2/B)(Y_hat - Y) has the 1/B inside":
                          _worked_example_grads(batch_mean=False)},
    denominator=6)


# ----------------------------------------------------------------- the bug hunt

# The codes of the colleague's backward pass in the notebook's defs_bug_hunt cell, parameter by
# parameter (W1, b1, W2, b2, W3, b3): 0 right, 1 a constant factor, 2 the sign, 3 entry by entry.
# tests/lessons/test_03_backprop_mlp.py derives them from that cell by central differences.
PLANTED_BUGS = np.array([3, 3, 0, 2, 1, 0])

BUG_HUNT = by_hand(
    "test_planted_bugs", "planted_bugs", ["codes for (W1, b1, W2, b2, W3, b3)"], lambda: PLANTED_BUGS,
    mistakes=lambda: {
        "W1 and b1 are wrong too: the bug in dZ1 (tanh' at the activation) reaches both, entry by entry (code 3)":
            np.array([0, 0, 0, 2, 1, 0]),
        "W2 is right: db2's sign error does not travel down, BP2 uses dZ2, not db2": np.array([3, 3, 3, 2, 1, 0]),
        "dW3 is off by the same factor 1/B in every entry (code 1), not entry by entry": np.array([3, 3, 0, 2, 3, 0]),
        "every wrong gradient given the same code: look at the ratio analytic / numerical of each":
            np.array([1, 1, 0, 1, 1, 0])},
    denominator=1, rtol=0.0)


EXERCISES = [
    Exercise(
        cell="test_linear_forward",
        call="linear_forward(A, W, b)[0]",
        reference=lambda A, W, b: layers.linear_forward(A, W, b)[0],
        name="Z = linear_forward(A, W, b)[0]",
        batch_size="A",
        cases=[
            Case("batch of 4, 3 -> 2", without(linear_inputs(4, 3, 2), "dZ")),
            Case("batch of 1", without(linear_inputs(1, 5, 3), "dZ"), hidden=True),
            Case("square W, batch 4, 4 -> 4", without(linear_inputs(4, 4, 4), "dZ"), hidden=True),
            Case("batch of 6, 7 -> 11", without(linear_inputs(6, 7, 11), "dZ"), hidden=True),
        ],
    ),
    Exercise(
        cell="test_linear_backward",
        call="_, cache = linear_forward(A, W, b)\nresult = linear_backward(dZ, cache)",
        reference=linear_backward_reference,
        names=("dA", "dW", "db"),
        batch_size="A",
        cases=[
            Case("batch of 4, 3 -> 2", linear_inputs(4, 3, 2)),
            Case("batch of 1", linear_inputs(1, 4, 3), hidden=True),
            Case("square W, batch 5, 5 -> 5", linear_inputs(5, 5, 5), hidden=True),
            Case("batch size equal to n_out (2), 6 -> 2", linear_inputs(2, 6, 2), hidden=True),
            Case("batch of 7, 2 -> 9", linear_inputs(7, 2, 9), hidden=True),
        ],
    ),
    activation_exercise("relu", [
        Case("3 x 4 batch", activation_inputs((3, 4))),
        Case("integer pre-activations, including exact zeros", activation_inputs((5, 6), integers=True), hidden=True),
        Case("batch of 1", activation_inputs((1, 7)), hidden=True),
        Case("3-D array", activation_inputs((2, 3, 4)), hidden=True),
    ]),
    activation_exercise("sigmoid", [
        Case("3 x 4 batch", activation_inputs((3, 4))),
        Case("batch of 1", activation_inputs((1, 5)), hidden=True),
        Case("larger pre-activations", activation_inputs((6, 3), scale=6.0), hidden=True),
        Case("3-D array", activation_inputs((2, 3, 4)), hidden=True),
    ]),
    activation_exercise("tanh", [
        Case("3 x 4 batch", activation_inputs((3, 4))),
        Case("batch of 1", activation_inputs((1, 5)), hidden=True),
        Case("larger pre-activations", activation_inputs((6, 3), scale=4.0), hidden=True),
        Case("3-D array", activation_inputs((2, 3, 4)), hidden=True),
    ]),
    Exercise(
        cell="test_mse_loss",
        call="mse_loss(Y_hat, Y)",
        reference=losses.mse_loss,
        names=("loss", "dY_hat"),
        batch_size="Y_hat",
        mistakes=mse_mistakes,
        cases=[
            Case("batch of 4, 3 outputs", mse_inputs(4, 3)),
            Case("batch of 1, 1 output", mse_inputs(1, 1), hidden=True),
            Case("batch of 6, 1 output", mse_inputs(6, 1), hidden=True),
            Case("batch of 5, 2 outputs", mse_inputs(5, 2), hidden=True),
        ],
    ),
    Exercise(
        cell="test_softmax",
        call="softmax(Z)",
        reference=lambda Z: activations.softmax(Z),
        mistakes=lambda Z: {
            "softmax over the wrong axis: each column sums to 1, but each row (one example) must: "
            "take the max and the sum along axis=1, with keepdims=True": activations.softmax(Z.T).T},
        atol=1e-12,
        cases=[
            Case("4 x 5 logits", softmax_inputs(4, 5)),
            Case("logits of size 1000", softmax_inputs(5, 4, scale=1000.0), hidden=True),
            Case("rows 1000 apart", softmax_inputs(4, 4, mixed=True), hidden=True),
            Case("batch of 1", softmax_inputs(1, 3), hidden=True),
            Case("3 x 3 logits", softmax_inputs(3, 3), hidden=True),
        ],
    ),
    Exercise(
        cell="test_softmax_cross_entropy",
        call="softmax_cross_entropy(logits, y)",
        reference=losses.softmax_cross_entropy,
        names=("loss", "dlogits"),
        batch_size="logits",
        atol=1e-12,
        cases=[
            Case("batch of 4, 3 classes", logits_inputs(4, 3)),
            Case("logits of size 1000, true class on the smallest", logits_inputs(5, 4, scale=1000.0,
                                                                                labels="smallest"), hidden=True),
            Case("batch of 1", logits_inputs(1, 5), hidden=True),
            Case("batch of 6, 2 classes", logits_inputs(6, 2), hidden=True),
            Case("batch of 3, 3 classes", logits_inputs(3, 3, scale=5.0), hidden=True),
        ],
    ),
    Exercise(
        cell="test_mlp_forward",
        call=MLP_SETUP + "out, (As, Zs) = mlp_forward(X, params, activation)\nresult = (out, list(As), list(Zs))",
        reference=mlp_forward_reference,
        names=("out", "As", "Zs"),
        cases=[
            Case("tanh, 3 -> 5 -> 4 -> 2, batch 4", forward_inputs([3, 5, 4, 2], 4, "tanh")),
            Case("sigmoid, 2 layers, batch 3", forward_inputs([4, 3, 2], 3, "sigmoid"), hidden=True),
            Case("relu, 3 layers, batch 1", forward_inputs([2, 6, 6, 1], 1, "relu"), hidden=True),
        ],
    ),
    Exercise(
        cell="test_mlp_backward",
        call=MLP_SETUP + ("cache = ([A0, A1, A2][:n_layers], [Z1, Z2, Z3][:n_layers])\n"
                          "grads = mlp_backward(dOut, params, cache, activation)\n"
                          "result = tuple(g for pair in grads for g in pair)"),
        reference=lambda activation, n_layers, dOut, **p: mlp_backward_reference(dOut, activation, n_layers, **p),
        names=("dW1", "db1", "dW2", "db2", "dW3", "db3"),
        batch_size="A0",
        mistakes=lambda activation, n_layers, dOut, **p: mlp_backward_mistakes(dOut, activation, n_layers, **p),
        cases=[
            Case("tanh, 3 -> 5 -> 4 -> 2, batch 4", without(mlp_inputs([3, 5, 4, 2], 4, "tanh"), "X")),
            Case("sigmoid, 2 layers, batch 3", without(mlp_inputs([4, 3, 2], 3, "sigmoid"), "X"), hidden=True),
            Case("relu, 3 layers, batch 1", without(mlp_inputs([2, 6, 6, 1], 1, "relu"), "X"), hidden=True),
            Case("tanh, square layers 4 -> 4 -> 4 -> 4, batch 4", without(mlp_inputs([4, 4, 4, 4], 4, "tanh"), "X"), hidden=True),
            Case("sigmoid, 3 layers, batch 6", without(mlp_inputs([3, 7, 5, 3], 6, "sigmoid"), "X"), hidden=True),
        ],
    ),
    Exercise(
        cell="test_numerical_gradient",
        call=("def f():\n"
              "    return float(np.sum(np.exp(0.5 * x) * c) + np.sum(x ** 3) / 3)\n"
              "result = {'grad': numerical_gradient(f, x, h=h), 'x': x}"),
        check=itemwise(numgrad_reference, ("grad", "x"),
                       ("numerical_gradient(f, x, h)", "x after numerical_gradient (every entry must be restored)"),
                       mistakes=numgrad_mistakes, rtol=1e-6, atol=1e-9),
        name="numerical_gradient(f, x, h)",
        cases=[
            Case("3 x 4 array, h = 1e-3", numgrad_inputs((3, 4), 1e-3)),
            Case("vector of 5, h = 1e-4", numgrad_inputs((5,), 1e-4), hidden=True),
            Case("2 x 2 x 2 array, h = 1e-2", numgrad_inputs((2, 2, 2), 1e-2), hidden=True),
        ],
    ),
    Exercise(
        cell="test_gradient_check",
        call=("def f():\n"
              "    return float(np.sum(np.sin(P) * Q) + 0.5 * np.sum(P ** 2) + 0.0 * np.sum(R))\n"
              "errors = gradient_check(f, [P, Q, R], [dP, dQ, dR])\n"
              "result = (np.asarray(errors, dtype=float), P, Q, R)"),
        check=check_gradient_check,
        name="gradient_check(f, [P, Q, R], [dP, dQ, dR])",
        cases=[
            Case("correct gradients", gradcheck_inputs((3, 2), None)),
            Case("dP doubled", gradcheck_inputs((3, 2), "double dP")),
            Case("dQ with the sign flipped", gradcheck_inputs((4,), "flip dQ"), hidden=True),
            Case("one entry of dP wrong", gradcheck_inputs((3, 3), "one entry of dP"), hidden=True),
            Case("nonzero dR for a parameter the loss ignores", gradcheck_inputs((2, 2), "nonzero dR"), hidden=True),
        ],
    ),
    Exercise(
        cell="test_train_mlp",
        call=("params, losses, history = train_mlp(X, Y, seed=int(seed), record=True)\n"
              "picked = sorted({e for e in (0, 1, 2, len(history) - 2, len(history) - 1) if 0 <= e < len(history)})\n"
              "result = (np.asarray(losses, dtype=float), "
              "[np.asarray(p, dtype=float) for pair in params for p in pair], np.asarray(picked), "
              "[[np.asarray(p, dtype=float) for pair in history[e] for p in pair] for e in picked], len(history))"),
        check=check_training,
        name="train_mlp(X, Y)",
        cases=[
            Case("regression_1d(200, rng=0), seed 0", training_inputs(0, 0)),
            Case("other data, seed 1", training_inputs(11, 1), hidden=True),
            Case("other data, seed 2", training_inputs(12, 2), hidden=True),
        ],
    ),
] + [WORKED_EXAMPLE, BUG_HUNT]
