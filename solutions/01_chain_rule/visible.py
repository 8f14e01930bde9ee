"""Expected values of lesson 01's visible tests and demonstration graphs (instructor-only).

`python -m autograder release` calls every function in CASES with the reference engine
`backprop_reference.autodiff.Value` and records (inputs, value) in the student edition's
`backprop/expected/01_chain_rule.json`; the notebook reads them with
`backprop.checking.expected(lesson, key, *inputs)`, whose inputs must equal the ones here.
"""

import numpy as np

from autograder.release import lesson_module
from backprop_reference.autodiff import Value, topological_order

X_TOY, Y_TOY = 0.5, 1.0
W_TOY = np.array([0.8, -1.2, 0.6, 1.5])
B_TOY = np.array([0.1, 0.2, -0.3, 0.4])
X_LR, W_LR, B_LR = np.array([0.5, -1.2, 2.0]), np.array([0.3, 0.8, -0.4]), 0.1


def graph_record(root) -> list:
    """Every node below root after its inputs: data, grad, op, label, input indices."""
    order = topological_order(root)
    index = {id(n): i for i, n in enumerate(order)}
    return [{"data": n.data, "grad": n.grad, "op": n.op, "label": n.label,
             "inputs": [index[id(c)] for c in n.inputs]} for n in order]


def toy_chain():
    x, y, w, b = X_TOY, Y_TOY, W_TOY, B_TOY
    nodes = lesson_module(__file__, "grading").toy_chain(x, y, w, b)   # after loss.backward()
    for name in ("f0", "h1", "f1", "h2", "f2", "h3", "f3", "loss"):
        nodes[name].label = name
    return (x, y, w, b), graph_record(nodes["loss"])


def square_plus():
    x = Value(3.0, label="x")
    q = x * x + x
    q.label = "q"
    q.backward()
    return (), graph_record(q)


def logistic_regression(y):
    def make():
        xs = [Value(float(v), label=f"x{i}") for i, v in enumerate(X_LR)]
        ws = [Value(float(v), label=f"w{i}") for i, v in enumerate(W_LR)]
        z = Value(float(B_LR), label="b")
        for wi, xi in zip(ws, xs):
            z = z + wi * xi
        z.label = "z"
        p = z.sigmoid()
        p.label = "p"
        yv, one_minus_y, one = Value(y, label="y"), Value(1 - y, label="1 - y"), Value(1.0, label="1")
        loss = -(yv * p.log() + one_minus_y * (one - p).log())
        loss.label = "L"
        loss.backward()
        return (X_LR, y, W_LR, B_LR), graph_record(loss)
    return make


def unary_derivatives():
    z = np.array([-3.0, -0.5, 0.0, 0.7, 4.0])
    x = np.array([0.1, 0.5, 1.0, 2.0, 10.0])
    return (z, x), {"sigmoid_prime": [Value(t).sigmoid().local_grads[0] for t in z],
                    "tanh_prime": [Value(t).tanh().local_grads[0] for t in z],
                    "log_prime": [Value(t).log().local_grads[0] for t in x]}


def binary_derivatives():
    a = np.array([1.5, -2.0, 0.3, 4.0])
    b = np.array([0.5, 3.0, -1.2, 2.0])
    prod = [(Value(s) * Value(t)).local_grads for s, t in zip(a, b)]
    quot = [(Value(s) / Value(t)).local_grads for s, t in zip(a, b)]
    return (a, b), {"d(a*b)/da": [g[0] for g in prod], "d(a*b)/db": [g[1] for g in prod],
                    "d(a/b)/da": [g[0] for g in quot], "d(a/b)/db": [g[1] for g in quot]}


def node_ops():
    a, b = -0.8, 1.7
    RA, RB = Value(a), Value(b)
    binary = {"A * B": RA * RB, "A * A": RA * RA, "A * 2.5": RA * 2.5}
    out = {name: {"data": r.data, "n_inputs": len(r.inputs), "local_grads": list(r.local_grads)}
           for name, r in binary.items()}
    anywhere, positive = [-0.8, 0.3, 1.7], [0.4, 1.3, 2.5]
    unary = {"A ** 3": (lambda n: n ** 3, anywhere), "A ** -0.5": (lambda n: n ** -0.5, positive),
             "exp(A)": (lambda n: n.exp(), anywhere), "log(A)": (lambda n: n.log(), positive),
             "sin(A)": (lambda n: n.sin(), anywhere), "tanh(A)": (lambda n: n.tanh(), anywhere)}
    for name, (op, points) in unary.items():
        refs = [op(Value(t)) for t in points]
        out[name] = {"data": [r.data for r in refs], "local_grad": [r.local_grads[0] for r in refs]}
    return (a, b, anywhere, positive), out


def small_graph():
    x, y = Value(0.5), Value(-1.0)
    u = Value(0.2, (x, y), (2.0, -1.0))
    s = Value(0.7, (u, x), (0.5, 3.0))
    t = Value(1.1, (u, s, u), (1.5, -2.0, 0.25))
    t.backward()
    return (), [n.grad for n in (x, y, u, s, t)]


CASES = {
    "toy chain graph": toy_chain,
    "x * x + x graph": square_plus,
    "logistic regression graph, y = 1": logistic_regression(1.0),
    "logistic regression graph, y = 0": logistic_regression(0.0),
    "unary derivatives": unary_derivatives,
    "binary derivatives": binary_derivatives,
    "Node operations": node_ops,
    "small graph gradients": small_graph,
}
