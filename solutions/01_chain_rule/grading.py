"""Grading spec of lesson 01 (chain rule and computational graphs). Instructor-only.

References come from the package's scalar engine `backprop.autodiff.Value`, which
tests/package/test_autodiff.py checks against central differences. For the student's own
engine (`Node`), each `call` builds a graph with the student's class; the reference runs
the *same* code with `Node = backprop.autodiff.Value` (same constructor signature
`Node(data, inputs, local_grads, op)`), so both sides are built identically.
"""

import math

import runpy
from pathlib import Path

import numpy as np

from autograder.spec import Case, Exercise
from backprop_reference.autodiff import Value, topological_order

# Using the package's engine inside a solution defeats the exercise; the grader's static scan
# flags a student cell that imports it (the notebook's own locked import is not scanned).
ENGINE = ("backprop_reference.autodiff.Value", "backprop_reference.autodiff.topological_order")

TOY_NODES = ("f0", "h1", "f1", "h2", "f2", "h3", "f3", "loss")
TOY_GRAD_NAMES = ("f3", "h3", "f2", "h2", "f1", "h1", "f0")


# ----------------------------------------------------------------- toy chain

def toy_chain(x, y, w, b):
    """The toy chain built with Values, after loss.backward(): {name: Value}."""
    x = Value(float(x), label="x")
    ws = [Value(float(v), label=f"w{k}") for k, v in enumerate(np.ravel(w))]
    bs = [Value(float(v), label=f"b{k}") for k, v in enumerate(np.ravel(b))]
    n = {}
    n["f0"] = bs[0] + ws[0] * x
    n["h1"] = n["f0"].sin()
    n["f1"] = bs[1] + ws[1] * n["h1"]
    n["h2"] = n["f1"].exp()
    n["f2"] = bs[2] + ws[2] * n["h2"]
    n["h3"] = n["f2"].cos()
    n["f3"] = bs[3] + ws[3] * n["h3"]
    n["loss"] = (n["f3"] - float(y)) ** 2
    n["loss"].backward()
    n.update({f"w{k}": v for k, v in enumerate(ws)})
    n.update({f"b{k}": v for k, v in enumerate(bs)})
    return n


def toy_inputs(scale_w=1.5):
    def make(rng):
        x, y = rng.uniform(-2, 2, size=2)
        w = rng.uniform(-scale_w, scale_w, size=4)
        b = rng.uniform(-1, 1, size=4)
        nodes = toy_chain(x, y, w, b)
        return dict(x=float(x), y=float(y), w=w, b=b, **{k: nodes[k].data for k in TOY_NODES})
    return make


def toy_x_zero(rng):
    inputs = toy_inputs()(rng)
    nodes = toy_chain(0.0, inputs["y"], inputs["w"], inputs["b"])
    inputs.update(x=0.0, **{k: nodes[k].data for k in TOY_NODES})
    return inputs


TOY_CALL = """
cache = dict(f0=f0, h1=h1, f1=f1, h2=h2, f2=f2, h3=h3, f3=f3, loss=loss)
result = toy_backward(cache, x, y, w, b)
"""


def toy_reference(x, y, w, b, **cache):
    nodes = toy_chain(x, y, w, b)
    grads = {k: nodes[k].grad for k in TOY_GRAD_NAMES}
    grads["w"] = np.array([nodes[f"w{k}"].grad for k in range(4)])
    grads["b"] = np.array([nodes[f"b{k}"].grad for k in range(4)])
    return grads


# ----------------------------------------------------------------- local derivatives

def _local(op, *args):
    """d op / d each argument, elementwise, from the engine's local gradients."""
    def one(*xs):
        return op(*[Value(float(x)) for x in xs]).local_grads
    flat = [one(*xs) for xs in zip(*[np.ravel(a) for a in args])]
    shape = np.shape(args[0])
    return [np.array([g[i] for g in flat]).reshape(shape) for i in range(len(args))]


UNARY_CALL = """
result = {"sigmoid_prime(z)": sigmoid_prime(z), "tanh_prime(z)": tanh_prime(z),
          "log_prime(x)": log_prime(x)}
"""


def unary_reference(z, x):
    return {"sigmoid_prime(z)": _local(lambda v: v.sigmoid(), z)[0],
            "tanh_prime(z)": _local(lambda v: v.tanh(), z)[0],
            "log_prime(x)": _local(lambda v: v.log(), x)[0]}


def unary_mistakes(z, x):
    """Named wrong answers of the unary exercise, per output key."""
    s, t = 1 / (1 + np.exp(-z)), np.tanh(z)
    return {"tanh'(z) = 1 - tanh(z): the square is missing (tanh'(z) = 1 - tanh(z)**2)": {"tanh_prime(z)": 1 - t},
            "tanh'(z) written with z in place of tanh(z): 1 - z**2": {"tanh_prime(z)": 1 - z ** 2},
            "sigmoid'(z) = s (1 - s) uses s = sigmoid(z), not z itself: z (1 - z)": {"sigmoid_prime(z)": z * (1 - z)},
            "log'(x) is 1 / x, not log(x)": {"log_prime(x)": np.log(x)}}


def ops_mistakes(a, b, c, p, q):
    """Named wrong answers of the node operations ([value, d/dA, d/dB, d/dC] per operation)."""
    return {"the power rule is p * a ** (p - 1): p * a ** p forgot the - 1 in the exponent":
                {"A ** p": np.array([a ** p, p * a ** p, 0.0, 0.0]), "C ** q": np.array([c ** q, 0.0, 0.0, q * c ** q])},
            "tanh's local derivative is 1 - tanh(a)**2: 1 - tanh(a) is missing the square":
                {"tanh(A)": np.array([np.tanh(a), 1 - np.tanh(a), 0.0, 0.0])}}


def unary_inputs(shape, zscale=3.0):
    def make(rng):
        return dict(z=rng.normal(scale=zscale, size=shape), x=rng.uniform(0.05, 5.0, size=shape))
    return make


BINARY_CALL = """
da_prod, db_prod = product_partials(a, b)
da_quot, db_quot = quotient_partials(a, b)
result = {"d(a*b)/da": da_prod, "d(a*b)/db": db_prod, "d(a/b)/da": da_quot, "d(a/b)/db": db_quot}
"""


def binary_reference(a, b):
    (pa, pb), (qa, qb) = _local(lambda u, v: u * v, a, b), _local(lambda u, v: u / v, a, b)
    return {"d(a*b)/da": pa, "d(a*b)/db": pb, "d(a/b)/da": qa, "d(a/b)/db": qb}


def binary_inputs(shape):
    def make(rng):
        a = rng.normal(size=shape)
        b = rng.uniform(0.3, 2.0, size=shape) * rng.choice([-1.0, 1.0], size=shape)
        return dict(a=a, b=b)
    return make


# ----------------------------------------------------------------- the student's engine

def _run_with_value(code, **inputs):
    """Run a grading `call` with the package's Value standing in for the student's Node."""
    def backward(root):
        root.backward()
    scope = dict(np=np, math=math, Node=Value, backward=backward,
                 topological_order=topological_order, **inputs)
    exec(code, scope)
    return scope["result"]


OPS_CALL = """
def d(out, wrt):
    # d out / d wrt from out's local gradients (summed if wrt is used twice)
    return sum(g for n, g in zip(out.inputs, out.local_grads) if n is wrt)
A, B, C = Node(a), Node(b), Node(c)
outs = {"A * B": A * B, "A * A": A * A, "A * 2.5": A * 2.5, "2.5 * A": 2.5 * A,
        "A ** p": A ** p, "C ** q": C ** q, "exp(A)": A.exp(), "log(C)": C.log(),
        "sin(A)": A.sin(), "tanh(A)": A.tanh()}
result = {k: np.array([o.data, d(o, A), d(o, B), d(o, C)]) for k, o in outs.items()}
"""


def ops_inputs(rng):
    return dict(a=float(rng.uniform(0.2, 2.0) * rng.choice([-1, 1])), b=float(rng.normal()),
                c=float(rng.uniform(0.2, 3.0)), p=float(rng.choice([2.0, 3.0, 4.0, -1.0])),
                q=float(rng.choice([0.5, 1.5, -0.5, -2.0])))


BACKWARD_CALL = """
if kind == "graph":      # a small DAG: u is used four times, x twice, paths of unequal length
    x, y, z = Node(v[0]), Node(v[1]), Node(v[2])
    u = Node(v[3], (x, y), (g[0], g[1]))
    s = Node(v[4], (u, x), (g[2], g[3]))
    t = Node(v[5], (u, s, u), (g[4], g[5], g[6]))
    out = Node(v[6], (u, t, z, s), (g[7], g[8], g[9], g[10]))
    for _ in range(repeats):
        backward(out)
    result = np.array([n.grad for n in (x, y, z, u, s, t, out)])
elif kind == "chain":    # longer than Python's recursion limit
    x = Node(0.5)
    node = x
    for k in range(len(g)):
        node = Node(0.0, (node,), (g[k],))
    backward(node)
    result = np.array([x.grad, node.grad])
else:                    # the order itself: each node once, after its inputs, root last
    x, y = Node(v[0]), Node(v[1])
    u = Node(v[2], (x, y), (1.0, 1.0))
    s = Node(v[3], (u, x, u), (1.0, 1.0, 1.0))
    out = Node(v[4], (s, u, y), (1.0, 1.0, 1.0))
    order = list(topological_order(out))
    position = {id(n): i for i, n in enumerate(order)}
    ok = all(position[id(c)] < position[id(n)] for n in order for c in n.inputs)
    result = np.array([len(order), len(position), ok, order[-1] is out], dtype=float)
"""


def graph_inputs(repeats):
    def make(rng):
        return dict(kind="graph", v=rng.normal(size=7),
                    g=rng.uniform(0.5, 2.0, size=11) * rng.choice([-1.0, 1.0], size=11),
                    repeats=repeats)
    return make


def chain_inputs(length):
    def make(rng):
        return dict(kind="chain", g=rng.uniform(0.999, 1.001, size=length))
    return make


def topo_inputs(rng):
    return dict(kind="order", v=rng.normal(size=5))


def backward_reference(**inputs):
    return _run_with_value(BACKWARD_CALL, **inputs)


# ----------------------------------------------------------------- logistic regression

def logreg_reference(x, y, w, b):
    xs = [Value(float(v)) for v in x]
    ws = [Value(float(v)) for v in w]
    bv = Value(float(b))
    z = bv
    for wi, xi in zip(ws, xs):
        z = z + wi * xi
    p = z.sigmoid()
    yv = float(y)
    loss = -(yv * p.log() + (1.0 - yv) * (1.0 - p).log())
    loss.backward()
    return (loss.data, np.array([wi.grad for wi in ws]), bv.grad)


def logreg_inputs(n, y=None, zmax=6.0, confident_wrong=False):
    """x, w ~ N(0, 1), b ~ N(0, 1), rescaled so |z| <= zmax (p stays away from 0 and 1).

    With confident_wrong, |z| = zmax exactly and on the side opposite to the label.
    """
    def make(rng):
        x = rng.normal(size=n)
        w = rng.normal(size=n)
        b = float(rng.normal())
        label = float(rng.integers(0, 2)) if y is None else float(y)
        z = float(w @ x + b)
        if abs(z) > zmax or confident_wrong:
            target = (zmax if label == 0.0 else -zmax) if confident_wrong else np.sign(z) * zmax
            w, b = w * (target / z), b * (target / z)
        return dict(x=x, y=label, w=w, b=b)
    return make


# ----------------------------------------------------------------- predict, then check

by_hand = runpy.run_path(str(Path(__file__).parents[1] / "answer_cells.py"))["by_hand"]
TOY_EXAMPLE = dict(x=0.5, y=1.0, w=np.array([0.8, -1.2, 0.6, 1.5]), b=np.array([0.1, 0.2, -0.3, 0.4]))  # the notebook's


def _toy_prediction_expected():
    n = toy_chain(**TOY_EXAMPLE)
    return np.array([n["f3"].grad, n["w3"].grad, n["b3"].grad, n["h3"].grad])


def _toy_prediction_mistakes():
    n = toy_chain(**TOY_EXAMPLE)
    d = 2 * (n["f3"].data - TOY_EXAMPLE["y"])
    h3, w3 = n["h3"].data, float(TOY_EXAMPLE["w"][3])
    return {"(f3 - y) without the 2 of the square's derivative": np.array([d, d * h3, d, d * w3]) / 2,
            "w3 and h3 swapped: dL/dw3 is dL/df3 times h3 (the factor next to w3), dL/dh3 times w3":
                np.array([d, d * w3, d, d * h3]),
            "the sign of f3 - y flipped (y - f3)": -np.array([d, d * h3, d, d * w3])}


PREDICTION = by_hand("test_toy_prediction", "toy_prediction", ["(dL/df3, dL/dw3, dL/db3, dL/dh3)"],
                     _toy_prediction_expected, mistakes=_toy_prediction_mistakes, denominator=1, rtol=1e-3)


EXERCISES = [
    Exercise(
        cell="test_toy_backward",
        call=TOY_CALL,
        reference=toy_reference,
        name="toy_backward(cache, x, y, w, b)",
        cases=[
            Case("the chain with random parameters", toy_inputs()),
            Case("other parameters", toy_inputs(), hidden=True),
            Case("larger weights", toy_inputs(scale_w=3.0), hidden=True),
            Case("x = 0", toy_x_zero, hidden=True),
        ],
        rtol=1e-8, atol=1e-10, forbidden=ENGINE,
    ),
    Exercise(
        cell="test_unary_derivatives",
        call=UNARY_CALL,
        reference=unary_reference,
        mistakes=unary_mistakes,
        name="local derivatives",
        cases=[
            Case("vectors of 5", unary_inputs((5,))),
            Case("a 3 x 4 matrix", unary_inputs((3, 4)), hidden=True),
            Case("one number per array", unary_inputs((1,)), hidden=True),
            Case("large |z| (saturated units)", unary_inputs((8,), zscale=12.0), hidden=True),
        ],
        rtol=1e-8, atol=1e-12, forbidden=ENGINE,
    ),
    Exercise(
        cell="test_binary_derivatives",
        call=BINARY_CALL,
        reference=binary_reference,
        name="partial derivatives",
        cases=[
            Case("vectors of 4", binary_inputs((4,))),
            Case("a 2 x 3 matrix", binary_inputs((2, 3)), hidden=True),
            Case("vectors of 7", binary_inputs((7,)), hidden=True),
        ],
        rtol=1e-8, atol=1e-12, forbidden=ENGINE,
    ),
    Exercise(
        cell="test_node_ops",
        call=OPS_CALL,
        reference=lambda **inputs: _run_with_value(OPS_CALL, **inputs),
        mistakes=ops_mistakes,
        name="[value, d/dA, d/dB, d/dC] of each operation",
        cases=[Case("one set of numbers", ops_inputs)]
        + [Case(f"other numbers ({i})", ops_inputs, hidden=True) for i in range(4)],
        rtol=1e-10, atol=1e-12, forbidden=ENGINE,
    ),
    Exercise(
        cell="test_node_backward",
        call=BACKWARD_CALL,
        reference=backward_reference,
        name="gradients from backward(root)",
        cases=[
            Case("a node used twice", graph_inputs(1)),
            Case("a chain of 3,000 nodes", chain_inputs(3000)),
            Case("backward called twice", graph_inputs(2)),
            Case("another graph", graph_inputs(1), hidden=True),
            Case("backward called twice on another graph", graph_inputs(2), hidden=True),
            Case("a chain of 8,000 nodes", chain_inputs(8000), hidden=True),
            Case("topological order of a small graph", topo_inputs, hidden=True),
        ],
        rtol=1e-10, atol=1e-12, forbidden=ENGINE,
    ),
    Exercise(
        cell="test_logistic_regression",
        call="logistic_regression_grads(x, y, w, b)",
        reference=logreg_reference,
        names=("loss", "dw", "db"),
        cases=[
            Case("3 features, label 1", logreg_inputs(3, y=1)),
            Case("3 features, label 0", logreg_inputs(3, y=0), hidden=True),
            Case("one feature", logreg_inputs(1), hidden=True),
            Case("10 features", logreg_inputs(10), hidden=True),
            Case("confident and wrong (|z| = 6)", logreg_inputs(4, y=0, confident_wrong=True), hidden=True),
        ],
        rtol=1e-8, atol=1e-12, forbidden=ENGINE,
    ),
] + [PREDICTION]
