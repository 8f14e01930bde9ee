"""Grading spec of lesson 06 (backprop by hand through a real network). Instructor-only.

References come from backprop_reference: manual (the broadcasting and indexing rules and the
network of the lesson, every intermediate gradient) and batchnorm, which
tests/package/ checks against central differences. The gradient checker and the capstone are
graded behaviourally (`check`): the checker on which wrong gradients it reports (the grader
knows which it planted), the training on what it did (its recorded steps, schedule and losses)
and on the held-out accuracy of the returned parameters, computed here.
"""

from __future__ import annotations

import numpy as np

from autograder.spec import Case, Exercise
from backprop import layers
from backprop.checking import diagnose
from backprop.digits import split_digits
from backprop_reference import batchnorm as BN
from backprop_reference import losses
from backprop_reference import manual as M

TARGET_ACCURACY = 0.95      # stated in the notebook (section 8)
EPOCHS, BATCH, LR0, FACTOR, EVERY = 20, 32, 3e-3, 0.5, 5
SIZES = (64, 128, 10)


# ----------------------------------------------------------------- broadcasting and indexing

def broadcast_inputs(big, small):
    return lambda rng: dict(G=rng.normal(size=big), shape=np.array(small, dtype=np.int64))


def _shape(shape):
    return tuple(int(s) for s in np.asarray(shape).ravel())


def sum_to_shape_mistakes(G, shape):
    shape = _shape(shape)
    right = M.sum_to_shape(G, shape)
    n_summed = G.size // max(1, right.size)
    return {} if n_summed == 1 else {"a mean over the broadcast axes instead of a sum": right / n_summed}


def index_inputs(shape, k, repeats):
    def make(rng):
        R, C = shape
        if repeats == "all":
            rows, cols = np.full(k, rng.integers(R)), np.full(k, rng.integers(C))
        elif repeats == "none":
            flat = rng.choice(R * C, size=k, replace=False)
            rows, cols = flat // C, flat % C
        else:
            rows, cols = rng.integers(0, R, size=k), rng.integers(0, C, size=k)
            rows[-1], cols[-1] = rows[0], cols[0]          # at least one repeat
        return dict(dOut=rng.normal(size=k), rows=rows.astype(np.int64), cols=cols.astype(np.int64),
                    shape=np.array(shape, dtype=np.int64))
    return make


def index_mistakes(dOut, rows, cols, shape):
    buffered = np.zeros(_shape(shape))
    buffered[rows, cols] += dOut
    return {"a buffered write (dA[rows, cols] += dOut or = dOut): a repeated index kept only its "
            "last gradient instead of the sum (np.add.at adds them)": buffered}


# ----------------------------------------------------------------- the network of the lesson

def network_case(B, n_in, H, C, scale=1.0):
    """X, y, params and every forward tensor of the lesson's network, drawn from rng."""
    def make(rng):
        X = rng.normal(size=(B, n_in))
        y = rng.integers(0, C, size=B).astype(np.int64)
        params = M.init_network(n_in, H, C, rng)
        params["W2"] = params["W2"] * scale
        t = M.network_forward(X, y, params)
        return dict(X=X, y=y, **params, **t)
    return make


def only(make_all, names):
    def make(rng):
        full = make_all(rng)
        return {k: full[k] for k in names}
    return make


LOSS_INPUTS = ("logits", "m", "shifted", "e", "s", "probs", "logp", "picked", "loss", "y")
NET_TENSORS = ("Z1", "mu", "xc", "var", "inv_std", "xhat", "S", "Hid")
NET_INPUTS = ("X", "W1", "b1", "gamma", "beta", "W2", "b2") + NET_TENSORS + ("dlogits",)


def loss_call():
    fields = ", ".join(f"{k}={k}" for k in LOSS_INPUTS if k != "y")
    return (f"t = dict({fields})\n"
            "g = loss_backward(t, y)\n"
            f"result = tuple(g.get(k) for k in {M.LOSS_GRAD_NAMES!r})")


def loss_reference(y, **t):
    g = M.loss_backward(t, y)
    return tuple(g[k] for k in M.LOSS_GRAD_NAMES)


def loss_mistakes(y, **t):
    B = t["logits"].shape[0]
    right = M.loss_backward(t, y)
    de = right["dprobs"] / t["s"]                       # the path through s forgotten
    dshifted = de * t["e"]
    dm = -dshifted.sum(axis=1, keepdims=True)
    dlogits = dshifted + M.index_backward(dm[:, 0], np.arange(B), np.argmax(t["logits"], axis=1),
                                          t["logits"].shape)
    no_s = (right["dpicked"], right["dlogp"], right["dprobs"], right["ds"], de, dshifted, dm, dlogits)
    return {"de through the numerator e / s only: e also feeds s = sum(e), so de needs + ds as well": no_s}


def net_inputs(B, n_in, H, C):
    base = network_case(B, n_in, H, C)

    def make(rng):
        full = base(rng)
        full["dlogits"] = M.loss_backward(full, full["y"])["dlogits"]
        return {k: full[k] for k in NET_INPUTS}
    return make


def net_call():
    tensors = ", ".join(f"{k}={k}" for k in NET_TENSORS)
    return (f"t = dict({tensors})\n"
            "params = dict(W1=W1, b1=b1, gamma=gamma, beta=beta, W2=W2, b2=b2)\n"
            "g = network_backward(t, params, X, dlogits)\n"
            f"result = tuple(g.get(k) for k in {M.NETWORK_GRAD_NAMES!r})")


def _split_inputs(inputs):
    params = {k: inputs[k] for k in M.PARAM_NAMES}
    t = {k: inputs[k] for k in NET_TENSORS}
    return t, params, inputs["X"], inputs["dlogits"]


def net_reference(**inputs):
    g = M.network_backward(*_split_inputs(inputs))
    return tuple(g[k] for k in M.NETWORK_GRAD_NAMES)


def net_mistakes(**inputs):
    t, params, X, dlogits = _split_inputs(inputs)
    B = X.shape[0]
    right = M.network_backward(t, params, X, dlogits)

    def from_dxc(dxc):
        g = dict(right, dxc=dxc)
        g["dmu"] = -dxc.sum(axis=0, keepdims=True)
        g["dZ1"] = dxc + g["dmu"] / B
        g["dW1"], g["db1"] = g["dZ1"].T @ X, g["dZ1"].sum(axis=0)
        return tuple(g[k] for k in M.NETWORK_GRAD_NAMES)

    no_mean = dict(right, dZ1=right["dxc"])
    no_mean["dW1"], no_mean["db1"] = right["dxc"].T @ X, right["dxc"].sum(axis=0)
    return {"dxc without the path through var: xc feeds both xhat and var = mean(xc**2)":
                from_dxc(right["dxhat"] * t["inv_std"]),
            "dZ1 without the path through mu: Z1 feeds both xc and mu = mean(Z1)":
                tuple(no_mean[k] for k in M.NETWORK_GRAD_NAMES)}


# ----------------------------------------------------------------- batch norm

def bn_inputs(B, n, scale=1.0):
    def make(rng):
        return dict(Z=rng.normal(scale=scale, size=(B, n)) + rng.normal(size=n) * 3,
                    gamma=1 + rng.normal(scale=0.5, size=n), beta=rng.normal(size=n),
                    dOut=rng.normal(size=(B, n)))
    return make


def bn_reference(Z, gamma, beta, dOut):
    out, cache = BN.batchnorm_forward(Z, gamma, beta)
    return (out,) + BN.batchnorm_backward(dOut, cache)


def bn_mistakes(Z, gamma, beta, dOut):
    out, (xhat, inv_std, _) = BN.batchnorm_forward(Z, gamma, beta)
    _, dgamma, dbeta = BN.batchnorm_backward(dOut, (xhat, inv_std, gamma))
    wrong = {"dZ without the mean terms (gamma * dOut / std only): the gradients through mu and var are missing":
                 (out, gamma * inv_std * dOut, dgamma, dbeta)}
    if Z.shape[0] > 1:
        inv_std1 = 1 / np.sqrt(Z.var(axis=0, ddof=1) + 1e-5)
        xhat1 = (Z - Z.mean(axis=0)) * inv_std1
        wrong["the variance divided by B - 1 (ddof=1): batch norm uses the batch's own variance, divided by B"] = \
            (gamma * xhat1 + beta,) + BN.batchnorm_backward(dOut, (xhat1, inv_std1, gamma))
    return wrong


# ----------------------------------------------------------------- bug hunt

HUNT_NAMES = ("W1", "b1", "W2", "b2", "W3", "b3")


def _hunt_forward(X, p):
    Z1 = X @ p["W1"].T + p["b1"]
    A1 = np.tanh(Z1)
    Z2 = A1 @ p["W2"].T + p["b2"]
    A2 = np.tanh(Z2)
    return A1, A2, A2 @ p["W3"].T + p["b3"]


def hunt_true_gradients(X, y, p):
    """The gradients of the bug-hunt loss, with the package's layers and loss."""
    A1, A2, logits = _hunt_forward(X, p)
    _, dlogits = losses.softmax_cross_entropy(logits, y)
    dA2, dW3, db3 = layers.linear_backward(dlogits, (A2, p["W3"]))
    dA1, dW2, db2 = layers.linear_backward(dA2 * (1 - A2 ** 2), (A1, p["W2"]))
    _, dW1, db1 = layers.linear_backward(dA1 * (1 - A1 ** 2), (X, p["W1"]))
    return dict(W1=dW1, b1=db1, W2=dW2, b2=db2, W3=dW3, b3=db3)


def hunt_inputs(faults):
    """A tanh MLP 4 -> 5 -> 5 -> 3 on a batch of 10, and its gradients with `faults` planted:
    {name: kind}, kind one of "double", "sign", "batch mean", "transpose", "one entry"."""
    def make(rng):
        X, y = rng.normal(size=(10, 4)), rng.integers(0, 3, size=10).astype(np.int64)
        p = {"W1": rng.normal(size=(5, 4)) / 2, "b1": rng.normal(scale=0.3, size=5),
             "W2": rng.normal(size=(5, 5)) / 2, "b2": rng.normal(scale=0.3, size=5),
             "W3": rng.normal(size=(3, 5)) / 2, "b3": rng.normal(scale=0.3, size=3)}
        g = hunt_true_gradients(X, y, p)
        for name, kind in faults.items():
            if kind == "double":
                g[name] = 2 * g[name]
            elif kind == "sign":
                g[name] = -g[name]
            elif kind == "batch mean":
                g[name] = g[name] / 10
            elif kind == "transpose":
                g[name] = g[name].T.copy()
            elif kind == "one entry":
                g[name] = g[name].copy()
                g[name].flat[int(rng.integers(g[name].size))] *= 1.001
        return dict(X=X, y=y, **p, **{"d" + k: v for k, v in g.items()})
    return make


HUNT_CALL = (
    "p = dict(W1=W1, b1=b1, W2=W2, b2=b2, W3=W3, b3=b3)\n"
    "grads = dict(W1=dW1, b1=db1, W2=dW2, b2=db2, W3=dW3, b3=db3)\n"
    "def f():\n"
    "    A1 = np.tanh(X @ W1.T + b1)\n"
    "    A2 = np.tanh(A1 @ W2.T + b2)\n"
    "    logits = A2 @ W3.T + b3\n"
    "    shifted = logits - logits.max(axis=1, keepdims=True)\n"
    "    return float(np.mean(np.log(np.exp(shifted).sum(axis=1)) - shifted[np.arange(len(y)), y]))\n"
    "found = [str(name) for name in find_wrong_gradients(f, p, grads)]\n"
    f"result = (np.array([name in found for name in {HUNT_NAMES!r}]), np.array(found == sorted(found, key={HUNT_NAMES!r}.index)), W1, b1, W2, b2, W3, b3)"
)


def check_hunt(outputs, inputs):
    try:
        flags, in_order, *after = outputs
        flags = np.asarray(flags, dtype=bool).ravel()
    except Exception:
        return ["find_wrong_gradients must return a list of parameter names."]
    truth = hunt_true_gradients(inputs["X"], inputs["y"], {k: inputs[k] for k in HUNT_NAMES})
    planted = [k for k in HUNT_NAMES if not np.array_equal(inputs["d" + k], truth[k])]
    reported = [k for k, f in zip(HUNT_NAMES, flags) if f]
    messages = []
    missed = [k for k in planted if k not in reported]
    false = [k for k in reported if k not in planted]
    if missed:
        messages.append(f"find_wrong_gradients did not report {missed}, whose gradients are wrong "
                        "(a small error in a single entry must count: take the largest relative error).")
    if false:
        messages.append(f"find_wrong_gradients reported {false}, whose gradients are right: check the "
                        "central difference (points 2h apart) and that every perturbed entry is restored.")
    if not messages and not bool(np.asarray(in_order)):
        messages.append("find_wrong_gradients must list the names in the order of params.")
    for name, got in zip(HUNT_NAMES, after):
        if not np.array_equal(np.asarray(got), inputs[name]):
            messages.append(f"parameter {name} was changed by find_wrong_gradients: restore every entry you perturb.")
    return messages


# ----------------------------------------------------------------- capstone

SPLIT_SEEDS = (0, 1)


def digits_inputs(split_seed, seed):
    def make(rng):
        X, y, _, _ = split_digits(seed=split_seed)
        return dict(X=X, y=y, seed=seed)
    return make


def _held_out_of(X):
    for split_seed in SPLIT_SEEDS:
        X_train, _, X_test, y_test = split_digits(seed=split_seed)
        if X_train.shape == X.shape and np.array_equal(X_train, X):
            return X_test, y_test
    raise ValueError("the training images are not one of the course's splits")


def _mlp_logits(X, flat):
    params = [(np.asarray(flat[i]), np.asarray(flat[i + 1])) for i in range(0, len(flat), 2)]
    A = X
    for l, (W, b) in enumerate(params):
        A, _ = layers.linear_forward(A, W, b)
        if l < len(params) - 1:
            A = np.maximum(A, 0)
    return A


def check_training(outputs, inputs):
    try:
        flat, loss_log, lr_log, ratios = outputs
        loss_log = np.asarray(loss_log, dtype=float).ravel()
        lr_log = np.asarray(lr_log, dtype=float).ravel()
        ratios = np.asarray(ratios, dtype=float)
    except Exception:
        return ["train_digits must return params [(W1, b1), ...] and history with 'loss', 'lr' and 'update_ratio'."]
    X, y = inputs["X"], inputs["y"]
    steps = EPOCHS * -(-len(X) // BATCH)
    shapes = [s for n_in, n_out in zip(SIZES[:-1], SIZES[1:]) for s in ((n_out, n_in), (n_out,))]
    got_shapes = [tuple(np.shape(a)) for a in flat]
    if got_shapes != shapes:
        return [f"params must be [(W1, b1), (W2, b2)] of shapes {shapes}, got {got_shapes}."]
    messages = []
    if loss_log.size != steps:
        messages.append(f"history['loss'] holds {loss_log.size} values; one per mini-batch step is {steps} "
                        f"({EPOCHS} epochs of {-(-len(X) // BATCH)} batches of {BATCH}).")
    if not np.all(np.isfinite(loss_log)) or loss_log.size < 2 * 45:
        messages.append("the recorded losses are not finite (or too few to judge): training diverged.")
    elif not np.mean(loss_log[-45:]) < np.mean(loss_log[:45]):
        messages.append(f"the loss did not decrease (first 45 steps {np.mean(loss_log[:45]):.4g}, last 45 "
                        f"{np.mean(loss_log[-45:]):.4g}).")
    schedule = LR0 * FACTOR ** (np.arange(EPOCHS) // EVERY)
    msg = diagnose(lr_log, schedule, name="history['lr'] (lr0 halved every 5 epochs, one value per epoch)",
                   rtol=1e-9, atol=0)
    if msg:
        messages.append(msg)
    if ratios.shape != (steps, len(SIZES) - 1) or not np.all(np.isfinite(ratios)) or not np.all(ratios > 0):
        messages.append(f"history['update_ratio'] must hold, for each of the {steps} steps, one positive "
                        f"number per layer ({len(SIZES) - 1}); got an array of shape {ratios.shape}.")
    logits = _mlp_logits(X, flat)
    if not np.all(np.isfinite(logits)):
        return messages + ["the returned network gives NaN or inf logits."]
    train_loss = losses.softmax_cross_entropy(logits, y)[0]
    last_epoch = float(np.mean(loss_log[-45:])) if loss_log.size >= 45 else float("nan")
    if not (0.5 * last_epoch - 0.02 <= train_loss <= 2 * last_epoch + 0.02):
        messages.append(f"the returned network's loss on the training images is {train_loss:.4g}, but the "
                        f"losses recorded in the last epoch average {last_epoch:.4g}: return the parameters "
                        "you trained, and record the loss of each step.")
    X_test, y_test = _held_out_of(X)
    accuracy = float(np.mean(_mlp_logits(X_test, flat).argmax(axis=1) == y_test))
    if not accuracy >= TARGET_ACCURACY:
        messages.append(f"held-out accuracy of the returned network: {accuracy:.1%}, below the stated "
                        f"{TARGET_ACCURACY:.0%}.")
    return messages


# ----------------------------------------------------------------- the spec

EXERCISES = [
    Exercise(
        cell="test_sum_to_shape",
        call="sum_to_shape(G, tuple(int(n) for n in shape))",
        reference=lambda G, shape: M.sum_to_shape(G, _shape(shape)),
        name="sum_to_shape(G, shape)",
        mistakes=sum_to_shape_mistakes,
        forbidden=("backprop_reference.manual.sum_to_shape",),
        cases=[
            Case("(4, 3) to (3,)", broadcast_inputs((4, 3), (3,))),
            Case("(4, 3) to (1, 3)", broadcast_inputs((4, 3), (1, 3)), hidden=True),
            Case("(5, 2) to (5, 1)", broadcast_inputs((5, 2), (5, 1)), hidden=True),
            Case("(3, 4) to ()", broadcast_inputs((3, 4), ()), hidden=True),
            Case("(2, 4, 3) to (4, 1)", broadcast_inputs((2, 4, 3), (4, 1)), hidden=True),
            Case("(2, 3, 3) to (1, 3, 1)", broadcast_inputs((2, 3, 3), (1, 3, 1)), hidden=True),
            Case("(1, 6) to (6,), batch of 1", broadcast_inputs((1, 6), (6,)), hidden=True),
            Case("(3, 3) to (3, 3), nothing broadcast", broadcast_inputs((3, 3), (3, 3)), hidden=True),
        ],
    ),
    Exercise(
        cell="test_index_backward",
        call="index_backward(dOut, rows, cols, tuple(int(n) for n in shape))",
        reference=lambda dOut, rows, cols, shape: M.index_backward(dOut, rows, cols, _shape(shape)),
        name="index_backward(dOut, rows, cols, shape)",
        mistakes=index_mistakes,
        forbidden=("backprop_reference.manual.index_backward",),
        cases=[
            Case("(4, 3), 6 reads with a repeat", index_inputs((4, 3), 6, "some")),
            Case("one entry read 5 times", index_inputs((3, 4), 5, "all"), hidden=True),
            Case("no repeated index, (5, 2)", index_inputs((5, 2), 4, "none"), hidden=True),
            Case("(2, 7), 20 reads", index_inputs((2, 7), 20, "some"), hidden=True),
        ],
    ),
    Exercise(
        cell="test_loss_backward",
        call=loss_call(),
        reference=loss_reference,
        names=M.LOSS_GRAD_NAMES,
        batch_size="logits",
        mistakes=loss_mistakes,
        forbidden=("backprop_reference.manual.loss_backward",),
        atol=1e-12,
        cases=[
            Case("batch of 6, 5 hidden, 4 classes", only(network_case(6, 3, 5, 4), LOSS_INPUTS)),
            Case("batch of 1", only(network_case(1, 3, 4, 5), LOSS_INPUTS), hidden=True),
            Case("2 classes, batch of 7", only(network_case(7, 4, 3, 2), LOSS_INPUTS), hidden=True),
            Case("larger logits (W2 x 4)", only(network_case(8, 4, 6, 5, scale=4.0), LOSS_INPUTS), hidden=True),
            Case("batch of 5 = classes", only(network_case(5, 2, 4, 5), LOSS_INPUTS), hidden=True),
        ],
    ),
    Exercise(
        cell="test_network_backward",
        call=net_call(),
        reference=net_reference,
        names=M.NETWORK_GRAD_NAMES,
        batch_size="X",
        mistakes=net_mistakes,
        forbidden=("backprop_reference.manual.network_backward", "backprop_reference.batchnorm.batchnorm_backward_steps"),
        atol=1e-12,
        cases=[
            Case("batch of 6, 5 -> 4 -> 3", net_inputs(6, 5, 4, 3)),
            Case("batch of 2", net_inputs(2, 3, 4, 3), hidden=True),
            Case("square layers 4 -> 4 -> 4, batch 4", net_inputs(4, 4, 4, 4), hidden=True),
            Case("batch of 9, 2 -> 7 -> 5", net_inputs(9, 2, 7, 5), hidden=True),
        ],
    ),
    Exercise(
        cell="test_batchnorm",
        call="out, cache = batchnorm_forward(Z, gamma, beta)\nresult = (out,) + tuple(batchnorm_backward(dOut, cache))",
        reference=bn_reference,
        names=("out", "dZ", "dgamma", "dbeta"),
        batch_size="Z",
        mistakes=bn_mistakes,
        forbidden=("backprop_reference.batchnorm.batchnorm_forward", "backprop_reference.batchnorm.batchnorm_backward"),
        rtol=1e-6,
        atol=1e-9,
        cases=[
            Case("batch of 5, 3 features", bn_inputs(5, 3)),
            Case("batch of 2", bn_inputs(2, 4), hidden=True),
            Case("one feature, batch of 8", bn_inputs(8, 1), hidden=True),
            Case("small variance (std 0.01): eps matters", bn_inputs(6, 3, scale=0.01), hidden=True),
            Case("batch of 16, 6 features", bn_inputs(16, 6), hidden=True),
        ],
    ),
    Exercise(
        cell="test_find_wrong_gradients",
        call=HUNT_CALL,
        check=check_hunt,
        name="find_wrong_gradients(f, params, grads)",
        forbidden=("backprop_reference.gradcheck.numerical_gradient", "backprop_reference.gradcheck.gradcheck",
                   "backprop_reference.gradcheck.relative_error"),
        cases=[
            Case("db2 divided by B twice", hunt_inputs({"b2": "batch mean"})),
            Case("every gradient right", hunt_inputs({}), hidden=True),
            Case("one entry of dW2 off by 0.1%", hunt_inputs({"W2": "one entry"}), hidden=True),
            Case("dW2 transposed (square)", hunt_inputs({"W2": "transpose"}), hidden=True),
            Case("dW1 with the sign flipped and db3 doubled", hunt_inputs({"W1": "sign", "b3": "double"}), hidden=True),
        ],
    ),
    Exercise(
        cell="test_train_digits",
        call=("params, history = train_digits(X, y, seed=int(seed))\n"
              "result = ([np.asarray(a, dtype=float) for pair in params for a in pair], "
              "np.asarray(history['loss'], dtype=float), np.asarray(history['lr'], dtype=float), "
              "np.asarray(history['update_ratio'], dtype=float))"),
        check=check_training,
        name="train_digits(X_train, y_train)",
        forbidden=("backprop.mlp.MLP", "backprop_reference.optim.adam_update", "backprop_reference.optim.Adam",
                   "backprop_reference.optim.sgd_update", "backprop_reference.losses.softmax_cross_entropy",
                   "backprop.layers.linear_forward", "backprop.layers.linear_backward",
                   "backprop_reference.init.he_normal", "backprop_reference.schedules.step_decay"),
        cases=[
            Case("the lesson's split, seed 0", digits_inputs(0, 0)),
            Case("the lesson's split, seed 1", digits_inputs(0, 1), hidden=True),
            Case("another split, seed 2", digits_inputs(1, 2), hidden=True),
        ],
    ),
]
