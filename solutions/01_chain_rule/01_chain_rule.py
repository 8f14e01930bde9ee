# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lesson 01 — The chain rule and computational graphs
#
# **Time:** about 70 minutes of focused work. **Points:** 16 — 1 for derivations, predictions and answers worked out by hand, 15 for code.
#
# Training a neural network means nudging every parameter downhill on a loss, and for that
# we need the derivative of the loss with respect to every parameter. Backpropagation is
# the bookkeeping that gets all of those derivatives for roughly the price of one extra
# pass through the model. This lesson builds that bookkeeping from the ground up, on
# scalars, before later lessons move to vectors and matrices.
#
# **By the end of this lesson you will be able to**
#
# 1. draw a computation as a graph of elementary operations and say what each node stores
#    on the way forward and on the way back;
# 2. apply the chain rule by hand along a chain of operations, and add up the
#    contributions of a value that is used more than once;
# 3. write the local derivatives of the usual building blocks (sigmoid, tanh, log,
#    product, quotient);
# 4. build a small reverse-mode automatic differentiation engine: the backward rule of
#    each operation and a backward pass in topological order;
# 5. check any derivative numerically with central differences and a relative error;
# 6. explain why reverse mode costs about one forward pass while finite differences cost
#    one per input, and why a chain of sigmoids makes gradients shrink.
#
# **How this notebook works.** Cells marked as exercises contain a function (or class) for
# you to complete: replace each line `raise NotImplementedError(...)` with your code. The
# docstring says what goes in, what comes out and in which shape. The cell after each exercise is a test: run it after your
# edit. If it passes, it prints nothing (or a short confirmation); if not, it tells you
# which quantity is wrong and, when it can guess, why. More cases are checked at grading
# time, so make your code correct in general, not just for the visible example.

# %% nbgrader={"grade": false, "grade_id": "setup_imports", "locked": true, "schema_version": 3, "solution": false, "task": false}
import math
import time

import numpy as np
import matplotlib.pyplot as plt

from backprop.graphviz import draw_graph, graph_from_record   # draws a graph with values and gradients
from backprop.checking import check_close, check_scalar, check_true, passed, ready, recorded


# %% [markdown]
# ## 1. A model is a circuit of small operations
#
# Any formula a computer evaluates is a sequence of elementary steps: additions,
# multiplications, and a few functions such as $\sin$, $\exp$, $\log$ or the sigmoid. Draw
# one **node** per step and an **edge** from each step to the steps that use its result and
# you get a directed acyclic graph (a DAG), the *computational graph*. Inputs and
# parameters are the leaves; the loss is the last node. We call the number of operations
# the **size** $N$ of the circuit.
#
# Every node carries two numbers:
#
# - its **value**, computed in the *forward pass*, from the leaves to the loss;
# - its **gradient** $\partial \mathcal{L} / \partial(\text{node})$, computed in the *backward pass*,
#   from the loss back to the leaves. It says how much the loss would change per unit
#   change of that node, everything else downstream reacting as the graph dictates.
#
# The running example of this lesson is a chain of four "layers", each an affine step
# followed by a different nonlinearity, with a squared-error loss:
#
# $$
# \begin{aligned}
# f_0 &= b_0 + w_0 x, & h_1 &= \sin f_0, \\
# f_1 &= b_1 + w_1 h_1, & h_2 &= \exp f_1, \\
# f_2 &= b_2 + w_2 h_2, & h_3 &= \cos f_2, \\
# f_3 &= b_3 + w_3 h_3, & \mathcal{L} &= (f_3 - y)^2 .
# \end{aligned}
# $$
#
# The input is $x$, the target $y$, and the eight parameters are $w_0, \dots, w_3$ and
# $b_0, \dots, b_3$. The forward pass is a direct transcription; note that it keeps every
# intermediate value in a dictionary, the **cache**, because the backward pass will need
# them.

# %% nbgrader={"grade": false, "grade_id": "defs_toy_forward", "locked": true, "schema_version": 3, "solution": false, "task": false}
def toy_forward(x, y, w, b):
    """Forward pass of the toy chain. x, y: floats; w, b: arrays of shape (4,).

    Returns the cache: a dict of floats with keys f0, h1, f1, h2, f2, h3, f3, loss.
    """
    cache = {}
    cache["f0"] = b[0] + w[0] * x
    cache["h1"] = math.sin(cache["f0"])
    cache["f1"] = b[1] + w[1] * cache["h1"]
    cache["h2"] = math.exp(cache["f1"])
    cache["f2"] = b[2] + w[2] * cache["h2"]
    cache["h3"] = math.cos(cache["f2"])
    cache["f3"] = b[3] + w[3] * cache["h3"]
    cache["loss"] = (cache["f3"] - y) ** 2
    return cache


# the example used throughout this lesson
x_toy, y_toy = 0.5, 1.0
w_toy = np.array([0.8, -1.2, 0.6, 1.5])
b_toy = np.array([0.1, 0.2, -0.3, 0.4])
for name, value in toy_forward(x_toy, y_toy, w_toy, b_toy).items():
    print(f"{name:>4} = {value: .6f}")


# %% [markdown]
# **Predict first (graded, 1 point).** Before the next cell shows every gradient, work out the last
# step of the chain yourself, from the printed values and the rule $\frac{d}{du}(u - y)^2 = 2(u - y)$:
# $\partial \mathcal{L}/\partial f_3$, then $\partial \mathcal{L}/\partial w_3$, $\partial \mathcal{L}/\partial b_3$ and
# $\partial \mathcal{L}/\partial h_3$ (how does $f_3$ change when $w_3$, $b_3$ or $h_3$ moves?). Type the numbers in
# (four significant figures are enough); the test compares them with central differences of the forward pass.

# %% nbgrader={"grade": false, "grade_id": "toy_prediction", "locked": false, "schema_version": 3, "solution": true, "task": false}
def toy_prediction():
    """Your (dL/df3, dL/dw3, dL/db3, dL/dh3) for the toy example above: 4 numbers, shape (4,)."""
    ### BEGIN SOLUTION
    c = toy_forward(x_toy, y_toy, w_toy, b_toy)
    d_f3 = 2 * (c["f3"] - y_toy)
    return d_f3, d_f3 * c["h3"], d_f3, d_f3 * w_toy[3]
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_toy_prediction", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
prediction = np.asarray(toy_prediction(), dtype=float)
check_true(prediction.shape == (4,), f"toy_prediction() must return 4 numbers, got shape {prediction.shape}")


def nudged_loss(k, which, h=1e-6):
    # the toy loss with w[k] (which="w") or b[k] (which="b") moved by h, by the forward pass above
    w, b = w_toy.copy(), b_toy.copy()
    (w if which == "w" else b)[k] += h
    return toy_forward(x_toy, y_toy, w, b)["loss"]


def loss_from(f3=None, h3=None):
    # the last two steps of the forward pass, from a moved f3 or h3
    f3 = b_toy[3] + w_toy[3] * h3 if h3 is not None else f3
    return (f3 - y_toy) ** 2


c_toy = toy_forward(x_toy, y_toy, w_toy, b_toy)
numerical = [(loss_from(f3=c_toy["f3"] + 1e-6) - loss_from(f3=c_toy["f3"] - 1e-6)) / 2e-6,
             (nudged_loss(3, "w") - nudged_loss(3, "w", -1e-6)) / 2e-6,
             (nudged_loss(3, "b") - nudged_loss(3, "b", -1e-6)) / 2e-6,
             (loss_from(h3=c_toy["h3"] + 1e-6) - loss_from(h3=c_toy["h3"] - 1e-6)) / 2e-6]
check_close("your (dL/df3, dL/dw3, dL/db3, dL/dh3) against central differences", prediction, numerical,
            rtol=1e-3, atol=1e-6)
passed("toy_prediction")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('01_chain_rule', 'test_toy_prediction', globals())
### END HIDDEN TESTS

# %% [markdown]
# (The next cell shows all of them: $\partial \mathcal{L}/\partial f_3 = 2(f_3 - y)$ reaches $w_3$ through $f_3 = b_3 + w_3 h_3$
# multiplied by $h_3$, $b_3$ unchanged, and $h_3$ multiplied by $w_3$ — the pattern every later step repeats.)

# %% [markdown]
# The course's reference engine, `Value` (instructor side; you build your own, `Node`, below),
# records such a computation as a graph while it runs. Here is the same chain built with it,
# as recorded when the course was released. After `loss.backward()`
# every node knows its gradient; `draw_graph` shows the graph with the value and the
# gradient of each node (leaves in blue, operations in beige, the loss outlined in red).
# Operation nodes without a name hold intermediate results: the products $w_0 x$,
# $w_1 h_1$, $w_2 h_2$, $w_3 h_3$ and the difference $f_3 - y$.
# By the end of the lesson you will have written an engine like this yourself.

# %% nbgrader={"grade": false, "grade_id": "defs_toy_graph", "locked": true, "schema_version": 3, "solution": false, "task": false}
def toy_chain_graph(x, y, w, b):
    """The toy chain as the course's engine built it, after loss.backward() (recorded).

    Returns a dict of nodes (data, grad, op, label, inputs): f0 ... f3, h1 ... h3, loss, and
    the leaves w0..w3, b0..b3. Only the example of this lesson (x_toy, y_toy, w_toy, b_toy)
    was recorded.
    """
    return graph_from_record(recorded("01_chain_rule", "toy chain graph", x, y, w, b))


toy_nodes = toy_chain_graph(x_toy, y_toy, w_toy, b_toy)
ax = draw_graph(toy_nodes["loss"], title="The toy chain: value and gradient dL/d(node) of every node")
plt.show()

# %% [markdown]
# Read the graph from right to left: the loss has gradient 1 (a change $\varepsilon$ of $\mathcal{L}$
# changes $\mathcal{L}$ by $\varepsilon$); each step to the left multiplies by one *local* derivative.
# That is the whole algorithm, and the rest of the lesson makes it precise.
#
# ## 2. The chain rule, one path and many paths
#
# **One path.** If $\mathcal{L}$ depends on $u$ only through $v$, i.e. $\mathcal{L} = g(v)$ and $v = f(u)$,
# then
#
# $$ \frac{\partial \mathcal{L}}{\partial u} = \frac{\partial \mathcal{L}}{\partial v}\,\frac{\partial v}{\partial u}. $$
#
# The first factor is the gradient already computed at the node *after* $u$ (the
# "upstream" gradient); the second is the **local derivative** of one operation, which
# depends only on that operation and on values stored in the forward pass. Along a chain,
# the gradient of each node is its successor's gradient times one local derivative.
#
# **Many paths.** If $u$ is used by several nodes $v_1, \dots, v_k$ (it *fans out*), a
# small change of $u$ reaches the loss along every one of those routes, and the effects
# add up:
#
# $$ \frac{\partial \mathcal{L}}{\partial u} = \sum_{j=1}^{k} \frac{\partial \mathcal{L}}{\partial v_j}\,\frac{\partial v_j}{\partial u}. $$
#
# Unrolled to the leaves, this says the derivative is a *sum over all paths* from $u$ to
# $\mathcal{L}$ of the product of the local derivatives along the path. The number of paths can grow
# exponentially with depth, but we never enumerate them: processing nodes from the loss
# backwards and **adding** each node's contribution into its inputs computes the same sum,
# visiting each edge once.
#
# A tiny example: $q = x \cdot x + x$ uses $x$ three times (twice in the product, once in
# the sum). The three contributions are $x$, $x$ and $1$, so $dq/dx = 2x + 1$, which is
# 7 at $x = 3$:

# %%
square = graph_from_record(recorded("01_chain_rule", "x * x + x graph"))   # the engine's graph of x * x + x
x, q = square["x"], square["q"]
print("dq/dx at x = 3:", x.grad)
ax = draw_graph(q, title="x used three times: its gradient is the sum 3 + 3 + 1")
plt.show()


# %% [markdown]
# ## 3. Checking a derivative numerically
#
# Before deriving anything by hand, we need a way to tell whether a derivative is right.
# The **central difference**
#
# $$ f'(x) \approx \frac{f(x + h) - f(x - h)}{2h} $$
#
# has an error of order $h^2$ (the one-sided $\frac{f(x+h) - f(x)}{h}$ only of order $h$),
# as long as $f$ is smooth around $x$. We cannot take $h$ tiny, though: $f(x+h)$ and
# $f(x-h)$ are rounded to about 16 significant digits, and dividing their difference by a
# tiny $2h$ magnifies that rounding. The plot below shows both effects: going right, the
# error grows like $h^2$ (central) or $h$ (one-sided); going left, rounding takes over and
# the curves turn noisy. For the central difference $h \approx 10^{-5}$ to $10^{-6}$ is a
# good compromise in float64.
#
# To compare an analytic value $a$ with a numerical one $n$ we use the **relative error**
#
# $$ \text{rel}(a, n) = \frac{|a - n|}{\max(10^{-8},\ |a| + |n|)} . $$
#
# Dividing by $|a| + |n|$ makes the measure independent of scale: an absolute difference
# of $10^{-4}$ is negligible for a gradient of size 1000 and fatal for one of size
# $10^{-3}$. The $\max$ with $10^{-8}$ is there for the case where both values are (nearly)
# zero, for example a ReLU that is off: without it we would divide $0$ by $0$, or call two
# rounding-level numbers like $10^{-14}$ and $-10^{-14}$ "100% different". As a rule of
# thumb in float64: below $10^{-7}$ is right, around $10^{-4}$ deserves a look, above
# $10^{-2}$ is wrong (unless you are sitting on a kink such as ReLU at 0).

# %% nbgrader={"grade": false, "grade_id": "defs_numerical", "locked": true, "schema_version": 3, "solution": false, "task": false}
def numerical_derivative(f, x, h=1e-6):
    """Central difference (f(x + h) - f(x - h)) / (2 h); elementwise when x is an array."""
    return (f(x + h) - f(x - h)) / (2 * h)


def relative_error(a, n):
    """|a - n| / max(1e-8, |a| + |n|), elementwise (take .max() to summarise an array)."""
    a, n = np.asarray(a, dtype=float), np.asarray(n, dtype=float)
    return np.abs(a - n) / np.maximum(1e-8, np.abs(a) + np.abs(n))


# %%
hs = np.logspace(-13, -1, 49)
exact = math.cos(1.0)                                   # d/dx sin x at x = 1
central = [relative_error(exact, numerical_derivative(math.sin, 1.0, h)) for h in hs]
forward = [relative_error(exact, (math.sin(1.0 + h) - math.sin(1.0)) / h) for h in hs]

fig, ax = plt.subplots(figsize=(6.5, 4))
ax.loglog(hs, central, "o-", ms=3, label="central difference")
ax.loglog(hs, forward, "s-", ms=3, label="one-sided difference")
ax.axvline(1e-6, color="grey", ls=":", label="h = 1e-6 (used in this lesson)")
ax.set_xlabel("step h")
ax.set_ylabel("relative error against cos(1)")
ax.set_title("Derivative of sin at x = 1: rounding error (left), truncation error (right)")
ax.set_ylim(1e-14, 1e2)                                 # room for the legend at the top
ax.legend(loc="upper center", fontsize=8)
plt.show()


# %% [markdown]
# ## 4. Backward through the toy chain, by hand
#
# Apply the one-path rule from the loss back to $x$. Each line uses the gradient of the
# line above it and one local derivative, evaluated at the values stored in the cache.
# Write $\bar{u}$ for $\partial \mathcal{L} / \partial u$. The first steps are
#
# $$
# \bar f_3 = \frac{\partial \mathcal{L}}{\partial f_3} = 2\,(f_3 - y), \qquad
# \bar h_3 = \bar f_3 \,\frac{\partial f_3}{\partial h_3} = \bar f_3\, w_3, \qquad
# \bar f_2 = \bar h_3 \,\frac{\partial h_3}{\partial f_2} = \ ?
# $$
#
# and so on down to $\bar f_0$. Each parameter enters exactly one node, so its gradient is
# one more product: $\bar w_3 = \bar f_3 \, \partial f_3 / \partial w_3 = \bar f_3\, h_3$
# and $\bar b_3 = \bar f_3 \cdot 1$, and likewise for the other layers (layer 0's "input" is
# $x$).
#
# Two remarks that will matter later: the derivative of $\exp$ is the value $h_2$ itself,
# so it can be read from the cache without recomputing anything; and every derivative is
# a product of numbers already computed, never a new symbolic expression.

# %% nbgrader={"grade": false, "grade_id": "toy_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def toy_backward(cache, x, y, w, b):
    """Backward pass of the toy chain, by hand.

    cache: the dict returned by toy_forward (floats f0, h1, f1, h2, f2, h3, f3, loss).
    x, y: floats; w, b: arrays of shape (4,).
    Returns a dict:
      "f3", "h3", "f2", "h2", "f1", "h1", "f0": dL/d(that node), floats;
      "w": dL/dw, array of shape (4,) (entry k is dL/dw_k);
      "b": dL/db, array of shape (4,).
    The loss is the single-example squared error L = (f3 - y)^2 (no 1/2, no mean).
    """
    ### BEGIN SOLUTION
    g = {}
    g["f3"] = 2.0 * (cache["f3"] - y)
    g["h3"] = g["f3"] * w[3]
    g["f2"] = g["h3"] * (-math.sin(cache["f2"]))
    g["h2"] = g["f2"] * w[2]
    g["f1"] = g["h2"] * cache["h2"]              # d exp(f1) / d f1 = exp(f1) = h2
    g["h1"] = g["f1"] * w[1]
    g["f0"] = g["h1"] * math.cos(cache["f0"])
    inputs = [x, cache["h1"], cache["h2"], cache["h3"]]   # what each w_k multiplies
    dfs = [g["f0"], g["f1"], g["f2"], g["f3"]]
    g["w"] = np.array([df * a for df, a in zip(dfs, inputs)])
    g["b"] = np.array(dfs, dtype=float)
    return g
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_toy_backward", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
# The reference: the same chain built with the course's engine (section 1), after backward().
ref = toy_chain_graph(x_toy, y_toy, w_toy, b_toy)
cache = {k: ref[k].data for k in ("f0", "h1", "f1", "h2", "f2", "h3", "f3", "loss")}
grads = toy_backward(cache, x_toy, y_toy, w_toy, b_toy)
check_true(isinstance(grads, dict), f"toy_backward should return a dict, got {type(grads).__name__}")
missing = [k for k in ("f3", "h3", "f2", "h2", "f1", "h1", "f0", "w", "b") if k not in grads]
check_true(not missing, f"the dict returned by toy_backward is missing the key(s) {missing}")
# from the loss backwards, so the first wrong line is the one reported
for name in ("f3", "h3", "f2", "h2", "f1", "h1", "f0"):
    check_scalar(f"dL/d{name}", grads[name], ref[name].grad)
check_close("dL/dw", grads["w"], [ref[f"w{k}"].grad for k in range(4)])
check_close("dL/db", grads["b"], [ref[f"b{k}"].grad for k in range(4)])

# and independently of any engine: central differences of the loss in each parameter
def loss_at(w, b):
    return toy_forward(x_toy, y_toy, w, b)["loss"]
eye = np.eye(4)
num_w = [numerical_derivative(lambda t: loss_at(w_toy + t * eye[k], b_toy), 0.0) for k in range(4)]
num_b = [numerical_derivative(lambda t: loss_at(w_toy, b_toy + t * eye[k]), 0.0) for k in range(4)]
check_true(relative_error(grads["w"], num_w).max() < 1e-6, "dL/dw disagrees with central differences")
check_true(relative_error(grads["b"], num_b).max() < 1e-6, "dL/db disagrees with central differences")
passed("toy_backward")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('01_chain_rule', 'test_toy_backward', globals())
### END HIDDEN TESTS

# %% [markdown]
# Your gradients next to the numerical ones, with the relative error of each (if the test
# above passed, every error is below $10^{-7}$ or so):

# %%
try:
    grads = toy_backward(toy_forward(x_toy, y_toy, w_toy, b_toy), x_toy, y_toy, w_toy, b_toy)
    eye = np.eye(4)
    for k in range(4):
        n_w = numerical_derivative(lambda t: toy_forward(x_toy, y_toy, w_toy + t * eye[k], b_toy)["loss"], 0.0)
        n_b = numerical_derivative(lambda t: toy_forward(x_toy, y_toy, w_toy, b_toy + t * eye[k])["loss"], 0.0)
        print(f"dL/dw{k}: yours {grads['w'][k]: .8f}  numerical {n_w: .8f}  rel. error {relative_error(grads['w'][k], n_w):.1e}"
              f"   |   dL/db{k}: yours {grads['b'][k]: .8f}  rel. error {relative_error(grads['b'][k], n_b):.1e}")
except NotImplementedError:
    print("Complete toy_backward above first.")
except Exception as err:                     # half-finished code: say so rather than fail here
    print(f"Not working yet ({type(err).__name__}: {err}); the tests above say more.")


# %% [markdown]
# ## 5. Local derivatives of the building blocks
#
# An engine only needs, for each operation, the derivative of its output with respect to
# each input, written in terms of values it already has. Work these out on paper first.
#
# - **Sigmoid** $\sigma(z) = \dfrac{1}{1 + e^{-z}}$. Differentiate and express the result
#   using $\sigma(z)$ only (no new exponential).
# - **tanh** $\tanh z = \dfrac{e^{z} - e^{-z}}{e^{z} + e^{-z}}$. Again, use the output.
# - **log** $\log x$ for $x > 0$ (natural logarithm).
# - **Product** $a \cdot b$: one partial derivative per input.
# - **Quotient** $a / b$ for $b \neq 0$: one partial derivative per input.
#
# All functions below work **elementwise** on numpy arrays of any shape and return arrays of
# the same shape (no sum, no mean). A numerically safe `sigmoid` is provided; use it.

# %% nbgrader={"grade": false, "grade_id": "defs_sigmoid", "locked": true, "schema_version": 3, "solution": false, "task": false}
def sigmoid(z):
    """1 / (1 + exp(-z)) elementwise, without overflow for large |z|."""
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))                      # never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


# %% nbgrader={"grade": false, "grade_id": "unary_derivatives", "locked": false, "schema_version": 3, "solution": true, "task": false}
def sigmoid_prime(z):
    """d sigmoid(z) / dz, elementwise. z: array of any shape -> array of the same shape."""
    ### BEGIN SOLUTION
    s = sigmoid(z)
    return s * (1.0 - s)
    ### END SOLUTION


def tanh_prime(z):
    """d tanh(z) / dz, elementwise. z: array of any shape -> array of the same shape."""
    ### BEGIN SOLUTION
    t = np.tanh(z)
    return 1.0 - t * t
    ### END SOLUTION


def log_prime(x):
    """d log(x) / dx for x > 0, elementwise. x: array of any shape -> same shape."""
    ### BEGIN SOLUTION
    return 1.0 / np.asarray(x, dtype=float)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_unary_derivatives", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
z = np.array([-3.0, -0.5, 0.0, 0.7, 4.0])
x = np.array([0.1, 0.5, 1.0, 2.0, 10.0])
# reference: the local derivatives recorded by the course's engine
ref = recorded("01_chain_rule", "unary derivatives", z, x)
check_close("sigmoid_prime(z)", sigmoid_prime(z), ref["sigmoid_prime"])
check_close("tanh_prime(z)", tanh_prime(z), ref["tanh_prime"])
check_close("log_prime(x)", log_prime(x), ref["log_prime"])
# independent check: central differences
check_true(relative_error(sigmoid_prime(z), numerical_derivative(sigmoid, z)).max() < 1e-7,
           "sigmoid_prime disagrees with central differences")
check_true(relative_error(tanh_prime(z), numerical_derivative(np.tanh, z)).max() < 1e-7,
           "tanh_prime disagrees with central differences")
check_true(relative_error(log_prime(x), numerical_derivative(np.log, x, h=1e-7)).max() < 1e-6,
           "log_prime disagrees with central differences")
check_close("sigmoid_prime on a (2, 3) array", sigmoid_prime(np.zeros((2, 3))), np.full((2, 3), 0.25))
passed("sigmoid_prime, tanh_prime and log_prime")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('01_chain_rule', 'test_unary_derivatives', globals())
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "binary_derivatives", "locked": false, "schema_version": 3, "solution": true, "task": false}
def product_partials(a, b):
    """Partial derivatives of a * b, elementwise.

    a, b: arrays of the same shape. Returns (d(a*b)/da, d(a*b)/db), two arrays of that shape.
    """
    ### BEGIN SOLUTION
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return b.copy(), a.copy()
    ### END SOLUTION


def quotient_partials(a, b):
    """Partial derivatives of a / b (b != 0), elementwise.

    a, b: arrays of the same shape. Returns (d(a/b)/da, d(a/b)/db), two arrays of that shape.
    """
    ### BEGIN SOLUTION
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return 1.0 / b, -a / (b * b)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_binary_derivatives", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
a = np.array([1.5, -2.0, 0.3, 4.0])
b = np.array([0.5, 3.0, -1.2, 2.0])
ref = recorded("01_chain_rule", "binary derivatives", a, b)   # the local derivatives of the course's engine
da, db = product_partials(a, b)
check_close("d(a*b)/da", da, ref["d(a*b)/da"])
check_close("d(a*b)/db", db, ref["d(a*b)/db"])
da, db = quotient_partials(a, b)
check_close("d(a/b)/da", da, ref["d(a/b)/da"])
check_close("d(a/b)/db", db, ref["d(a/b)/db"])
check_true(relative_error(db, numerical_derivative(lambda t: a / t, b)).max() < 1e-7,
           "d(a/b)/db disagrees with central differences")
passed("product_partials and quotient_partials")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('01_chain_rule', 'test_binary_derivatives', globals())
### END HIDDEN TESTS

# %% [markdown]
# ### The sigmoid up close
#
# The sigmoid squashes any real number into $(0, 1)$, and its derivative
# $\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$ is a bump: largest at $z = 0$, where
# $\sigma = 1/2$ and $\sigma' = 1/4$, and nearly zero once $|z|$ exceeds about 4. A unit
# whose input sits out there is **saturated**: its output barely moves when its input
# does, so whatever gradient arrives from above is multiplied by almost nothing on the way
# through.

# %%
zs = np.linspace(-8, 8, 401)
s = sigmoid(zs)
fig, ax = plt.subplots(figsize=(7, 4))
ax.plot(zs, s, label="sigmoid(z)")
ax.plot(zs, s * (1 - s), label="sigmoid'(z) = s (1 - s)")
ax.axhline(0.25, color="grey", ls=":", lw=1)
ax.annotate("maximum 1/4 at z = 0", (0, 0.25), (1.2, 0.38), arrowprops=dict(arrowstyle="->"))
for side in (-1, 1):
    ax.axvspan(4 * side, 8 * side, color="tab:red", alpha=0.08)
ax.text(-7.6, 0.6, "saturated\n(derivative < 0.018)", fontsize=9)
ax.set_xlabel("pre-activation z")
ax.set_ylabel("value")
ax.set_title("The sigmoid and its derivative")
ax.legend(loc="center right")
plt.show()
print("sigmoid'(0) =", (sigmoid(0.0) * (1 - sigmoid(0.0))).item(), "  sigmoid'(6) =", (sigmoid(6.0) * (1 - sigmoid(6.0))).item())


# %% [markdown]
# ## 6. Your own autodiff engine
#
# Time to automate what you did by hand. A `Node` holds
#
# - `data`: its value from the forward pass;
# - `grad`: $\partial(\text{root}) / \partial(\text{node})$, filled in by the backward pass;
# - `inputs`: the nodes it was computed from (empty for a leaf);
# - `local_grads`: one number per input, $\partial(\text{node}) / \partial(\text{input})$,
#   **computed during the forward pass**, while the values are at hand.
#
# Every operation follows one pattern: compute the value, list the inputs, list the local
# derivatives. Two are written for you (`+` and `cos`); write `*`, `**` (a plain-number
# exponent), `exp`, `log`, `sin` and `tanh` the same way. A number mixed into an expression
# (like the `2.5` in `x * 2.5`) becomes a leaf `Node(2.5)`. Subtraction, negation and
# division are built from the others at the bottom of the class, so they work as soon as
# yours do.
#
# Note that an operation may list the *same* node twice: `x * x` has inputs `(x, x)` and
# local derivatives `(x.data, x.data)`; the backward pass will then add both
# contributions, which gives $2x$.

# %% nbgrader={"grade": false, "grade_id": "node_class", "locked": false, "schema_version": 3, "solution": true, "task": false}
class Node:
    """One scalar node of a computational graph.

    data         the value computed by the forward pass (a float)
    grad         d(root)/d(this node), filled in by backward(root)
    inputs       tuple of the Nodes this one was computed from (empty for a leaf)
    local_grads  tuple of floats, d(this node)/d(input) for each input, in the same order
    op           a short name of the operation, for printing
    """

    def __init__(self, data, inputs=(), local_grads=(), op=""):
        self.data = float(data)
        self.grad = 0.0
        self.inputs = tuple(inputs)
        self.local_grads = tuple(float(g) for g in local_grads)
        self.op = op

    def __repr__(self):
        return f"Node(data={self.data:.6g}, grad={self.grad:.6g}, op={self.op!r})"

    # ---- two worked examples: value, inputs, local derivatives --------------------
    def __add__(self, other):
        other = other if isinstance(other, Node) else Node(other)
        return Node(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def cos(self):
        return Node(math.cos(self.data), (self,), (-math.sin(self.data),), "cos")

    # ---- your part ------------------------------------------------------------------
    def __mul__(self, other):
        """self * other; two inputs (self, other)."""
        other = other if isinstance(other, Node) else Node(other)
        ### BEGIN SOLUTION
        return Node(self.data * other.data, (self, other), (other.data, self.data), "*")
        ### END SOLUTION

    def __pow__(self, p):
        """self ** p for a plain number p (int or float, not a Node); one input (self)."""
        ### BEGIN SOLUTION
        return Node(self.data ** p, (self,), (p * self.data ** (p - 1),), f"**{p}")
        ### END SOLUTION

    def exp(self):
        """e ** self; one input (self)."""
        ### BEGIN SOLUTION
        e = math.exp(self.data)
        return Node(e, (self,), (e,), "exp")
        ### END SOLUTION

    def log(self):
        """Natural logarithm of self (self.data > 0); one input (self)."""
        ### BEGIN SOLUTION
        return Node(math.log(self.data), (self,), (1.0 / self.data,), "log")
        ### END SOLUTION

    def sin(self):
        """sin(self); one input (self)."""
        ### BEGIN SOLUTION
        return Node(math.sin(self.data), (self,), (math.cos(self.data),), "sin")
        ### END SOLUTION

    def tanh(self):
        """tanh(self); one input (self)."""
        ### BEGIN SOLUTION
        t = math.tanh(self.data)
        return Node(t, (self,), (1.0 - t * t,), "tanh")
        ### END SOLUTION

    # ---- built from the operations above (nothing to do here) ------------------------
    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-other)

    def __radd__(self, other):          # number + Node
        return self + other

    def __rmul__(self, other):          # number * Node
        return self * other

    def __rsub__(self, other):          # number - Node
        return (-self) + other

    def __truediv__(self, other):
        return self * other ** -1.0

    def __rtruediv__(self, other):      # number / Node
        return self ** -1.0 * other


# %% nbgrader={"grade": true, "grade_id": "test_node_ops", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Each operation of yours next to the same operation in the course's engine, at several inputs
# (a wrong formula cannot hide behind one lucky number).
a, b = -0.8, 1.7
A, B = Node(a), Node(b)
anywhere, positive = [-0.8, 0.3, 1.7], [0.4, 1.3, 2.5]
engine = recorded("01_chain_rule", "Node operations", a, b, anywhere, positive)   # what the course's engine gives
binary = {"A * B": A * B, "A * A": A * A, "A * 2.5": A * 2.5}
for name, mine in binary.items():
    ref = engine[name]
    check_scalar(f"the value of {name}", mine.data, ref["data"])
    check_true(len(mine.inputs) == ref["n_inputs"],
               f"{name} should have {ref['n_inputs']} input(s), yours has {len(mine.inputs)}")
    check_close(f"local_grads of {name} (d/dA, then d/d(second input))", mine.local_grads, ref["local_grads"])

unary = {"A ** 3": (lambda n: n ** 3, anywhere), "A ** -0.5": (lambda n: n ** -0.5, positive),
         "exp(A)": (lambda n: n.exp(), anywhere), "log(A)": (lambda n: n.log(), positive),
         "sin(A)": (lambda n: n.sin(), anywhere), "tanh(A)": (lambda n: n.tanh(), anywhere)}
for name, (op, points) in unary.items():
    mine, ref = [op(Node(t)) for t in points], engine[name]
    check_close(f"the values of {name} at A = {points}", [m.data for m in mine], ref["data"])
    check_true(all(len(m.inputs) == 1 for m in mine), f"{name} should have exactly one input (A)")
    check_close(f"d({name})/dA, the local_grads at A = {points}",
                [m.local_grads[0] for m in mine], ref["local_grad"])
# a derivative is a rate of change: compare one with central differences too
check_true(relative_error((Node(2.5) ** -0.5).local_grads[0], numerical_derivative(lambda t: t ** -0.5, 2.5)) < 1e-7,
           "the local derivative of Node(2.5) ** -0.5 disagrees with central differences")
passed("Node")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('01_chain_rule', 'test_node_ops', globals())
### END HIDDEN TESTS

# %% [markdown]
# ### The backward pass
#
# With local derivatives recorded on every node, the backward pass is the chain rule
# applied once per edge:
#
# ```
# input.grad += local_grad * node.grad        for every (input, local_grad) of node
# ```
#
# The only subtlety is **order**: when a node passes its gradient on to its inputs, its
# own gradient must be complete, i.e. every node that uses it must already have passed its
# share back. Visiting nodes in *reverse topological order* guarantees that. A topological
# order lists every node after all of its inputs (a leaf-to-root order); reversed, every
# node comes before its inputs.
#
# Write two functions:
#
# - `topological_order(root)`: every node that `root` depends on, `root` included, each
#   exactly once, every node after all its inputs. A depth-first search does it: append a
#   node once all of its inputs have been appended, and skip nodes you have already
#   appended. **Do not use recursion**: the tests build chains of thousands of nodes, and
#   Python stops recursive calls at about 1,000 levels. Keep your own stack instead, for
#   example of pairs `(node, inputs_pushed)`: the first time you pop a node, push it back
#   marked as expanded and push its inputs; when you pop it the second time, its inputs are
#   done and it can be appended.
# - `backward(root)`: set `grad = 0` on every node of the graph (so calling `backward`
#   twice gives the same gradients instead of twice as much), set `root.grad = 1`, then walk
#   the nodes in reverse topological order applying the rule above. Use `+=`: a node used
#   several times must collect all contributions.
#
# Graphs are built by hand in the tests (`Node(value, inputs, local_grads)`), so this part
# does not depend on your operations above.

# %% nbgrader={"grade": false, "grade_id": "node_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def topological_order(root):
    """List every node root depends on (root included) once, each after all its inputs.

    root: a Node. Returns a list of Nodes whose last element is root. Iterative (no
    recursion), so chains of many thousands of nodes work.
    """
    ### BEGIN SOLUTION
    order, done = [], set()
    stack = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if id(node) in done:
            continue
        if expanded:                      # all inputs were appended before we got here
            done.add(id(node))
            order.append(node)
            continue
        stack.append((node, True))
        for child in node.inputs:
            if id(child) not in done:
                stack.append((child, False))
    return order
    ### END SOLUTION


def backward(root):
    """Set node.grad = d(root)/d(node) on every node below root (root.grad = 1). Returns None.

    Resets every grad in the graph to 0 first, so a second call gives the same result.
    """
    ### BEGIN SOLUTION
    order = topological_order(root)
    for node in order:
        node.grad = 0.0
    root.grad = 1.0
    for node in reversed(order):
        for child, local in zip(node.inputs, node.local_grads):
            child.grad += local * node.grad
    ### END SOLUTION


Node.backward = backward    # so that root.backward() works as well


# %% nbgrader={"grade": true, "grade_id": "test_node_backward", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
def small_graph(cls):
    """A hand-built graph: u is used three times (twice by t), x twice, paths of unequal length."""
    x, y = cls(0.5), cls(-1.0)
    u = cls(0.2, (x, y), (2.0, -1.0))
    s = cls(0.7, (u, x), (0.5, 3.0))
    t = cls(1.1, (u, s, u), (1.5, -2.0, 0.25))
    return [x, y, u, s, t]

mine, ref_grads = small_graph(Node), recorded("01_chain_rule", "small graph gradients")   # the engine's gradients
order = topological_order(mine[-1])
check_true(len(order) == 5 and len({id(n) for n in order}) == 5,
           f"topological_order should list the 5 nodes once each, got {len(order)} entries "
           f"({len({id(n) for n in order})} different nodes): skip a node that is already in the list")
check_true(order[-1] is mine[-1], "topological_order should end with the root")
backward(mine[-1])
check_close("grads of (x, y, u, s, t)", [n.grad for n in mine], ref_grads,
            mistakes={"every gradient is 0: set root.grad = 1 before walking the graph": [0.0] * 5})
backward(mine[-1])
check_close("grads of (x, y, u, s, t) after calling backward a second time",
            [n.grad for n in mine], ref_grads)

x = Node(0.5)
node = x
for _ in range(5000):                      # deeper than Python's recursion limit
    node = Node(0.0, (node,), (1.0001,))
try:
    backward(node)
    deep_chain_ok = True
except RecursionError:
    deep_chain_ok = False
check_true(deep_chain_ok, "backward on a chain of 5,000 nodes hit Python's recursion limit: "
           "write topological_order with your own stack instead of recursive calls")
check_scalar("x.grad at the bottom of a chain of 5,000 nodes", x.grad, 1.0001 ** 5000, rtol=1e-9)
passed("topological_order and backward")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('01_chain_rule', 'test_node_backward', globals())
### END HIDDEN TESTS

# %% [markdown]
# Your engine, put to work on the toy chain of section 4: build the chain from `Node`s,
# call `backward`, and compare with your hand-derived `toy_backward`. Every intermediate
# derivative is now a by-product.

# %%
try:
    xn, ws, bs = Node(x_toy), [Node(v) for v in w_toy], [Node(v) for v in b_toy]
    h = xn
    for k, act in enumerate(["sin", "exp", "cos", None]):
        f = bs[k] + ws[k] * h
        h = getattr(f, act)() if act else f
    loss = (h - y_toy) ** 2
    backward(loss)
    by_hand = toy_backward(toy_forward(x_toy, y_toy, w_toy, b_toy), x_toy, y_toy, w_toy, b_toy)
    print("loss          ", loss.data)
    print("dL/dw (engine)", np.array([v.grad for v in ws]))
    print("dL/dw (hand)  ", by_hand["w"])
    print("max relative error:", relative_error([v.grad for v in ws + bs],
                                                np.concatenate([by_hand["w"], by_hand["b"]])).max())
except NotImplementedError:
    print("Complete Node, backward and toy_backward above first.")
except Exception as err:                     # half-finished code: say so rather than fail here
    print(f"Not working yet ({type(err).__name__}: {err}); the tests above say more.")


# %% [markdown]
# ## 7. Logistic regression on one example
#
# A first real model, looked at on a single example (a batch of size 1). The example has
# features $x \in \mathbb{R}^n$ and a label
# $y \in \{0, 1\}$; the parameters are weights $w \in \mathbb{R}^n$ and a bias $b$:
#
# $$
# z = w^\top x + b, \qquad p = \sigma(z), \qquad
# \mathcal{L} = -\big(y \log p + (1 - y) \log(1 - p)\big).
# $$
#
# $p$ is the predicted probability of label 1 and $\mathcal{L}$ the cross-entropy (the negative log
# of the probability given to the true label). This is the first time vectors appear: $x$
# and $w$ are column vectors and $w^\top x = \sum_i w_i x_i$. Lesson 02 (its section 1)
# states the conventions for vectors, matrices and batches once for the whole course;
# here everything is still a sum of scalar products, drawn node by node. Below is its graph for $n = 3$, built with
# the course's engine. Derive the backward pass on paper, node by node from $\mathcal{L}$ back to
# $w$ and $b$: first $\partial \mathcal{L}/\partial p$, then $\partial \mathcal{L} / \partial z$ using your
# sigmoid derivative (something cancels nicely), then $\partial \mathcal{L}/\partial w$ and
# $\partial \mathcal{L}/\partial b$.

# %% nbgrader={"grade": false, "grade_id": "defs_logreg_graph", "locked": true, "schema_version": 3, "solution": false, "task": false}
def logistic_regression_graph(x, y, w, b):
    """The one-example logistic regression as the course's engine built it, after
    loss.backward() (recorded for this section's x_lr, w_lr, b_lr with y = 1 and y = 0).

    Returns {"loss": L, "p": p, "z": z, "w": [w0, w1, w2], "b": b, "x": [x0, x1, x2]} (nodes).
    """
    nodes = graph_from_record(recorded("01_chain_rule", f"logistic regression graph, y = {y:g}", x, y, w, b))
    return {"loss": nodes["L"], "p": nodes["p"], "z": nodes["z"], "b": nodes["b"],
            "w": [nodes[f"w{i}"] for i in range(len(w))], "x": [nodes[f"x{i}"] for i in range(len(x))]}


x_lr, y_lr = np.array([0.5, -1.2, 2.0]), 1.0
w_lr, b_lr = np.array([0.3, 0.8, -0.4]), 0.1
lr_nodes = logistic_regression_graph(x_lr, y_lr, w_lr, b_lr)
ax = draw_graph(lr_nodes["loss"], title="Logistic regression on one example (n = 3)")
plt.show()


# %% nbgrader={"grade": false, "grade_id": "logistic_regression", "locked": false, "schema_version": 3, "solution": true, "task": false}
def logistic_regression_grads(x, y, w, b):
    """Forward and backward pass of logistic regression on one example, by hand.

    x: features, shape (n,); y: label, 0.0 or 1.0; w: weights, shape (n,); b: bias, float.
    z = w . x + b, p = sigmoid(z), loss = -(y log p + (1 - y) log(1 - p)) (one example,
    no mean). Returns (loss, dw, db): loss a float, dw = dloss/dw of shape (n,), db a float.
    """
    ### BEGIN SOLUTION
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    z = float(w @ x + b)
    p = float(sigmoid(z))
    loss = -(y * math.log(p) + (1 - y) * math.log(1 - p))
    dz = p - y                 # dL/dp * sigmoid'(z) = (p - y) / (p (1 - p)) * p (1 - p)
    return loss, dz * x, dz
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_logistic_regression", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
loss, dw, db = logistic_regression_grads(x_lr, y_lr, w_lr, b_lr)
ref = logistic_regression_graph(x_lr, y_lr, w_lr, b_lr)   # the engine's answer
check_scalar("loss", loss, ref["loss"].data)
check_close("dw", dw, [wi.grad for wi in ref["w"]])
check_scalar("db", db, ref["b"].grad)
# label 0, and a second check of dw against central differences
loss0, dw0, db0 = logistic_regression_grads(x_lr, 0.0, w_lr, b_lr)
eye = np.eye(3)
num = [numerical_derivative(lambda t: logistic_regression_grads(x_lr, 0.0, w_lr + t * eye[k], b_lr)[0], 0.0)
       for k in range(3)]
check_true(relative_error(dw0, num).max() < 1e-6, "dw for label 0 disagrees with central differences of your loss")
check_scalar("db for label 0", db0, logistic_regression_graph(x_lr, 0.0, w_lr, b_lr)["b"].grad)
passed("logistic_regression_grads")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('01_chain_rule', 'test_logistic_regression', globals())
### END HIDDEN TESTS

# %% [markdown]
# The gradient with respect to $z$ is simply $p - y$: the prediction error. The
# $p(1 - p)$ of the sigmoid's derivative cancels against the $1/(p(1-p))$ coming from the
# logarithms, so even a saturated, confidently wrong unit ($p \approx 0$ for $y = 1$) gets
# a gradient of size about 1. Lesson 02 shows that softmax followed by cross-entropy
# cancels in the same way, and lesson 03 builds on it. Your own engine should agree:

# %%
try:
    xs = [Node(v) for v in x_lr]
    ws = [Node(v) for v in w_lr]
    bn = Node(b_lr)
    z = bn
    for wi, xi in zip(ws, xs):
        z = z + wi * xi
    p = 1 / (1 + (-z).exp())                 # the sigmoid from your own operations
    loss = -(y_lr * p.log() + (1 - y_lr) * (1 - p).log())
    backward(loss)
    print("dw from your engine:", np.array([wi.grad for wi in ws]))
    print("dw by hand:         ", logistic_regression_grads(x_lr, y_lr, w_lr, b_lr)[1])
except NotImplementedError:
    print("Complete Node, backward and logistic_regression_grads above first.")
except Exception as err:                     # half-finished code: say so rather than fail here
    print(f"Not working yet ({type(err).__name__}: {err}); the tests above say more.")

# %% [markdown]
# ## 8. What a gradient costs
#
# Suppose a function has $n$ inputs and its graph has $N$ operations. Two ways to get all
# $n$ partial derivatives:
#
# - **Finite differences**: two evaluations per input (central differences), each costing
#   $O(N)$: $O(N \cdot n)$ in total. For a network with a million parameters, that is two
#   million forward passes per gradient.
# - **Reverse mode** (backpropagation): one forward pass that records the graph, and one
#   backward pass that visits every edge once: $O(N)$, *whatever* $n$ is. The price is
#   memory, since every intermediate value is kept until the backward pass.
#
# We time both on $f(x) = \sum_i \sin(x_i)\, x_{i+1}$ (indices wrapping around), whose
# graph grows in proportion to $n$, so $N \approx 3n$. Finite differences use plain Python
# floats, reverse mode the (much slower per operation) `Value` engine. Look at the
# **slopes** on the log-log plot, not the heights: one curve grows like $n^2 = n \cdot N$,
# the other like $n$.

# %%
import gc as gc_module      # to switch the garbage collector off while timing


def f_floats(xs):
    n = len(xs)
    return sum(math.sin(xs[i]) * xs[(i + 1) % n] for i in range(n))


def gradient_finite_differences(xs, h=1e-6):
    grad = []
    for i in range(len(xs)):
        up, down = list(xs), list(xs)
        up[i] += h
        down[i] -= h
        grad.append((f_floats(up) - f_floats(down)) / (2 * h))
    return np.array(grad)


def gradient_reverse_mode(xs):
    """The gradient by your engine (Node and backward from section 6)."""
    vs = [Node(v) for v in xs]
    n = len(vs)
    out = sum((vs[i].sin() * vs[(i + 1) % n] for i in range(n)), Node(0.0))
    backward(out)
    return np.array([v.grad for v in vs])


def best_time(fn, arg, repeats=7):
    """The fastest of `repeats` runs of fn(arg), in seconds, with the garbage collector off.

    The reverse-mode graph is made of many small objects; a collection pass that happens to fall
    inside one measurement (more likely the more objects the notebook holds) would bend its curve.
    The minimum over repeats is the run least disturbed by the rest of the machine.
    """
    times = []
    gc_module.collect()
    gc_module.disable()
    try:
        for _ in range(repeats):
            start = time.perf_counter()
            fn(arg)
            times.append(time.perf_counter() - start)
    finally:
        gc_module.enable()
    return min(times)


if ready(lambda: gradient_reverse_mode([0.3, -0.2]), "the exercises `Node` and `backward`"):
    sizes = [8, 16, 32, 64, 128, 256]
    rng = np.random.default_rng(0)
    t_fd, t_rev = [], []
    for n in sizes:
        xs = list(rng.normal(size=n))
        t_fd.append(best_time(gradient_finite_differences, xs))
        t_rev.append(best_time(gradient_reverse_mode, xs))
    xs = list(rng.normal(size=50))
    print("max relative error between the two gradients (n = 50):",
          relative_error(gradient_finite_differences(xs), gradient_reverse_mode(xs)).max())

    sizes_arr = np.array(sizes, dtype=float)
    fig, ax = plt.subplots(figsize=(6.5, 4.2))
    ax.loglog(sizes_arr, t_fd, "o-", label="finite differences: 2n forward passes")
    ax.loglog(sizes_arr, t_rev, "s-", label="reverse mode: 1 forward + 1 backward")
    # reference slopes, drawn through the largest size (where fixed overheads matter least)
    ax.loglog(sizes_arr, t_fd[-1] * (sizes_arr / sizes_arr[-1]) ** 2, "k:", lw=1, label="slope 2 (grows like n N)")
    ax.loglog(sizes_arr, t_rev[-1] * sizes_arr / sizes_arr[-1], "k--", lw=1, label="slope 1 (grows like N)")
    ax.set_xlabel("number of inputs n (graph size N ~ 3n)")
    ax.set_ylabel("seconds for the whole gradient")
    ax.set_title("Cost of one gradient: finite differences vs reverse mode")
    ax.legend(fontsize=8)
    plt.show()
    print(f"n = {sizes[-1]}: finite differences take {t_fd[-1] / t_rev[-1]:.1f}x as long as reverse mode")
    print("measured slopes between n = 64 and n = 256: finite differences "
          f"{np.log(t_fd[-1] / t_fd[3]) / np.log(4):.2f}, reverse mode {np.log(t_rev[-1] / t_rev[3]) / np.log(4):.2f}")


# %% [markdown]
# Reverse mode pays a large per-operation overhead here (a Python object per node against
# plain floats), so for a few inputs finite differences are faster. But the curves have
# different slopes: beyond a few dozen inputs (the exact crossing point depends on the
# machine) reverse mode wins, and the ratio keeps growing in proportion to $n$.
# Finite differences remain invaluable as a *check* (a few directions, not all of them),
# as you did in every test above.
#
# ## 9. A chain of sigmoids shrinks gradients
#
# Stack sigmoid units one after another, $h_k = \sigma(w\,h_{k-1} + b)$, and ask how much
# the last output reacts to the first input. By the chain rule,
#
# $$
# \frac{\partial h_L}{\partial h_0} = \prod_{k=1}^{L} w\,\sigma'(w\,h_{k-1} + b),
# $$
#
# a product of $L$ factors. With $w = 1$ each factor is at most $1/4$, so the gradient
# shrinks at least fourfold per layer. If the units are saturated it vanishes far faster:
# with $b = 4$ every pre-activation is $h_{k-1} + 4 > 4$, where $\sigma' < 0.018$ (here about
# $0.007$, since $h_{k-1} \approx 1$), so each layer divides the gradient by more than 50.
# This is one of the main reasons deep sigmoid networks were hard to train; lessons 03 and
# 04 return to it with ReLU and careful initialization. (The plot uses a log scale: a
# straight line means the same factor per layer.)

# %%
def chain_gradient(depth, w, b, h0=0.5):
    """d h_L / d h_0 for h_k = sigmoid(w h_{k-1} + b), computed with your engine."""
    x = Node(h0)
    h = x
    for _ in range(depth):
        h = 1 / (1 + (-(h * w + b)).exp())   # the sigmoid from your own operations
    backward(h)
    return abs(x.grad)


if ready(lambda: chain_gradient(2, 1.0, 0.0), "the exercises `Node` and `backward`"):
    depths = np.arange(1, 31)
    fig, ax = plt.subplots(figsize=(6.5, 4.2))
    for w, b, style in [(1.0, 0.0, "o-"), (1.0, 4.0, "s-")]:
        ax.semilogy(depths, [chain_gradient(L, w, b) for L in depths], style, ms=3,
                    label=f"w = {w:g}, b = {b:g}")
    ax.semilogy(depths, 0.25 ** depths, "k:", label="bound (1/4)^L for w = 1")
    ax.set_xlabel("number of sigmoid layers L")
    ax.set_ylabel(r"$|\partial h_L / \partial h_0|$ (log scale)")
    ax.set_title("Gradient through a chain of sigmoids: it shrinks geometrically")
    ax.legend()
    plt.show()

# %% [markdown]
# ## What to remember
#
# - A computation is a graph of elementary operations. The forward pass computes and
#   **stores** every node's value; the backward pass computes every node's gradient from
#   the loss back to the leaves, reusing the stored values.
# - Each operation only needs its **local derivatives**; the chain rule multiplies them
#   along a path, and a node used several times **adds up** the contributions of its uses
#   (the derivative is a sum over paths).
# - Processing nodes in **reverse topological order** makes every gradient complete before
#   it is passed on; with an explicit stack it works for graphs of any depth.
# - Reverse mode gets the whole gradient for $O(N)$, about the cost of a forward pass;
#   finite differences cost $O(N \cdot n)$ and are for **checking**: central differences,
#   $h \approx 10^{-6}$, relative error $|a - n| / \max(10^{-8}, |a| + |n|)$.
# - $\sigma'(z) = \sigma(z)(1 - \sigma(z)) \le 1/4$, tiny when the unit saturates; a chain of
#   sigmoids multiplies such factors and the gradient vanishes. For sigmoid followed by
#   cross-entropy, $\partial \mathcal{L} / \partial z = p - y$.
#
# ## What comes next
#
# Lesson 02 moves from scalars to vectors and matrices: gradients and **Jacobians**, the
# vector form of the chain rule, and why backpropagation multiplies by transposed Jacobians
# (vector-Jacobian products) without ever building them. It also fixes the conventions
# (batch-first arrays, $W$ of shape $(n_\text{out}, n_\text{in})$) used in the rest of the
# course.
