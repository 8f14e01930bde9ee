# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lesson 02 — Jacobians and the vector chain rule
#
# **Time:** about 75 minutes of focused work. **Points:** 17 — 3 for derivations, predictions and answers worked out by hand, 14 for code.
#
# In lesson 01 every node of a graph held one number, and the chain rule multiplied numbers.
# Real layers take vectors to vectors, so their derivatives are matrices — **Jacobians** — and the
# chain rule multiplies matrices. This lesson builds that machinery, and then shows why backprop
# never actually builds those matrices.
#
# **After this lesson you will be able to**
#
# - state the course's conventions (shapes, layouts, reductions) and translate from the other
#   layout some textbooks use;
# - compute any Jacobian numerically with central differences, and judge an agreement with the
#   relative error;
# - write the Jacobians of an affine map, of an elementwise activation and of softmax, and check
#   each against the numerical one;
# - compute **vector-Jacobian products** without forming a Jacobian, and measure what that saves;
# - derive $\partial \mathcal{L} / \partial W = \delta\, h^\top$ for a linear layer, for one example and for a batch;
# - explain why softmax followed by cross-entropy has the gradient $p - y$;
# - (optional) compute Hessian-vector products for the price of two gradients.
#
# **How to work.** In each exercise cell, replace the line `raise NotImplementedError(...)` with your
# code, then run the test cell below it. A failing test names the quantity, shows expected vs got, and says
# what the mistake most likely is. The hidden tests that grade your work use other shapes and
# seeds, so make your code general rather than tuned to the visible example.

# %%
import time
import tracemalloc

import matplotlib.pyplot as plt
import numpy as np

from backprop.activations import relu, sigmoid, sigmoid_prime, softmax
from backprop.checking import check_close, check_shape, check_true, passed, ready, recorded, relative_error

np.set_printoptions(precision=4, suppress=True)
rng = np.random.default_rng(0)


def best_time(fn, repeat=5):
    """The fastest of `repeat` runs of fn(), in seconds (the least disturbed by other work)."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


# %% [markdown]
# ## 1. The course's conventions, stated once
#
# Every lesson uses these; later lessons link back here.
#
# | what | convention |
# |---|---|
# | math, one example | column vectors: $z = W a + b$ |
# | weights | $W$ has shape `(n_out, n_in)`, $b$ has shape `(n_out,)` |
# | code, a batch | **batch-first**: an array `(B, n)`, one example per row, so a layer computes `Z = A @ W.T + b` (the layout of `torch.nn.Linear`) |
# | losses | averaged over the batch, $\mathcal{L} = \frac1B \sum_i \ell_i$, unless an exercise says otherwise; every exercise states its reduction |
# | gradients | shaped like what they are taken with respect to: `dW.shape == W.shape` |
# | Jacobians | **numerator layout**: for $y = f(x)$ with $x \in \mathbb{R}^n$, $y \in \mathbb{R}^m$, $J[i, j] = \partial y_i / \partial x_j$, shape $(m, n)$ |
# | symbols | $\ell$ (or $\ell_i$) is the loss of one example, $\mathcal{L}$ the loss of the batch; $L$ is only ever the number of layers, $C$ only the number of classes |
# | the error at layer $l$ | one example: $\delta^l = \partial \ell / \partial z^l$, a column like $z^l$. A batch: $\Delta^l = \partial \mathcal{L} / \partial Z^l$, shape `(B, n_l)`, in code `dZ`; its row $i$ is $\frac1B (\delta^l_{(i)})^\top$ — the $\frac1B$ of the batch mean is inside $\Delta^l$ |
# | numerical checks | central differences, compared through the relative error below |
#
# **The relative error.** To compare an analytic value $a$ with a numerical one $n$ we use, entry by entry,
#
# $$\operatorname{rel}(a, n) = \frac{|a - n|}{\max(10^{-8},\ |a| + |n|)} .$$
#
# The denominator makes the number *scale-free*: an absolute difference of $10^{-5}$ is superb for an
# entry of size $10^3$ and disastrous for an entry of size $10^{-4}$, while the relative error reads
# "how many digits agree" in both cases. The floor $10^{-8}$ is there for entries where both values are
# (almost) zero: without it, $0/0$ would give NaN and two tiny values such as $10^{-14}$ and
# $2\cdot 10^{-14}$ — both just rounding noise — would look 33% apart. With float64 and a step of $10^{-6}$,
# a correct gradient typically gives $10^{-7}$ or less; $10^{-4}$ or more almost always means a bug.

# %%
B, n_in, n_out = 4, 3, 2
A = rng.normal(size=(B, n_in))        # a batch: one example per row
W = rng.normal(size=(n_out, n_in))    # (n_out, n_in)
b = rng.normal(size=n_out)
Z = A @ W.T + b                       # (B, n_out): the whole batch at once
z0 = W @ A[0] + b                     # the per-example formula z = W a + b, for example 0
print("Z.shape =", Z.shape, "| row 0 of Z is W a_0 + b:", np.allclose(Z[0], z0))

exact = np.array([300.0, 3e-4, 0.0])
approx = exact + np.array([3e-5, 3e-5, 0.0])      # the same absolute error on the first two
print("absolute error:", ", ".join(f"{e:.1e}" for e in np.abs(exact - approx)))
print("relative error:", ", ".join(f"{e:.1e}" for e in relative_error(exact, approx)))

# %% [markdown]
# ## 2. Gradients, Jacobians and the chain rule
#
# For a scalar function $f: \mathbb{R}^n \to \mathbb{R}$ the **gradient** $\nabla f(x) \in \mathbb{R}^n$ collects the
# partial derivatives $\partial f / \partial x_j$. For $f: \mathbb{R}^n \to \mathbb{R}^m$ the **Jacobian**
# $J_f(x) \in \mathbb{R}^{m \times n}$ stacks the transposed gradients of the $m$ outputs as its rows:
# row $i$ is $\nabla f_i(x)^\top$. It is the best linear approximation of $f$ near $x$:
# $f(x + u) \approx f(x) + J_f(x)\, u$ for a small step $u$.
#
# **Chain rule.** For $y = f(g(x))$, the linear approximations compose:
# $$J_{f \circ g}(x) = J_f(g(x))\; J_g(x) \qquad (m \times k)(k \times n) .$$
# When the last function is a scalar loss $\mathcal{L}$, its Jacobian is the row $\nabla \mathcal{L}^\top$; transposing gives the
# form backprop uses,
# $$\nabla (\mathcal{L} \circ g)(x) = J_g(x)^\top\, \nabla \mathcal{L}(g(x)) .$$
# A gradient flows backwards by multiplying with **transposed** Jacobians.
#
# **The other layout.** Some textbooks use the *denominator layout*: they write $\partial y/\partial x$ as the
# $(n \times m)$ matrix, the transpose of ours. In that layout the affine map $z = W h + b$ has
# $\partial z / \partial h = W^\top$, and the chain rule reads left to right in the order of the
# computation, $\frac{\partial \mathcal{L}}{\partial x} = \frac{\partial g}{\partial x}\frac{\partial \mathcal{L}}{\partial g}$.
# To convert a formula from such a book: **transpose every Jacobian and reverse the order of each product**.
# The gradients themselves (column vectors shaped like $x$) come out identical:

# %%
h = rng.normal(size=n_in)
g_z = rng.normal(size=n_out)              # some dL/dz
J_numerator = W                           # dz/dh in our layout, (n_out, n_in)
J_denominator = W.T                       # dz/dh in denominator layout, (n_in, n_out)
print("dL/dh, our layout:        ", J_numerator.T @ g_z)
print("dL/dh, denominator layout:", J_denominator @ g_z)


# %% [markdown]
# ## 3. Numerical Jacobians
#
# Column $j$ of the Jacobian is how the output moves when only $x_j$ moves. Nudge $x_j$ both ways by a
# small step $h$ along the unit vector $e_j$:
# $$J[:, j] \approx \frac{f(x + h e_j) - f(x - h e_j)}{2h} .$$
# This **central difference** has error $O(h^2)$; the one-sided $\big(f(x + h e_j) - f(x)\big)/h$ has error
# $O(h)$, so with $h = 10^{-6}$ it is wrong in the sixth digit. Making $h$ much smaller does not help:
# $f$ itself is only known to about $10^{-16}|f|$, and dividing that rounding noise by $h$ amplifies it.
# The cost is $2n$ evaluations of $f$ — fine for checking, hopeless for training (lesson 01's timing plot).
#
# ### Exercise 1 (2 points): `numerical_jacobian`
#
# Write it for any $f: \mathbb{R}^n \to \mathbb{R}^m$. Work on a copy of `x` (the caller's array must not
# change), and restore each entry after nudging it.

# %% nbgrader={"grade": false, "grade_id": "numerical_jacobian", "locked": false, "schema_version": 3, "solution": true, "task": false}
def numerical_jacobian(f, x, h=1e-6):
    """Jacobian of f at x by central differences, in numerator layout.

    f: function taking a 1-D float64 array of length n and returning a 1-D array of length m.
    x: 1-D float array of length n. It must not be modified: nudge a float64 copy.
    h: the step.
    Returns J, a float64 array of shape (m, n) with J[i, j] ~ d f_i / d x_j, by central
    differences with step h (one pair of evaluations of f per input).
    """
    ### BEGIN SOLUTION
    x = np.array(x, dtype=np.float64)          # a copy
    m = np.asarray(f(x)).size
    J = np.zeros((m, x.size))
    for j in range(x.size):
        old = x[j]
        x[j] = old + h
        f_plus = np.asarray(f(x), dtype=np.float64).ravel()
        x[j] = old - h
        f_minus = np.asarray(f(x), dtype=np.float64).ravel()
        x[j] = old
        J[:, j] = (f_plus - f_minus) / (2 * h)
    return J
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_numerical_jacobian", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
M = np.array([[1.0, 2.0, 0.5],
              [-1.0, 0.0, 3.0]])
x0 = np.array([0.3, -0.2, 0.1])
J = numerical_jacobian(lambda x: np.tanh(M @ x), x0)        # f: R^3 -> R^2
J_exact = (1 - np.tanh(M @ x0) ** 2)[:, None] * M           # diag(tanh'(M x0)) M, see section 6
check_shape("numerical_jacobian(tanh(M x), x0)", J, (2, 3))
# every call of f must see x0 with at most one entry moved: x0 +- h e_j
seen = []
def spy(x):
    seen.append(np.array(x, dtype=float))
    return np.tanh(M @ x)
numerical_jacobian(spy, x0)
moved = max((int(np.sum(np.abs(s.ravel() - x0) > 1e-9)) for s in seen if s.size == x0.size), default=0)
check_true(moved <= 1, f"numerical_jacobian called f at a point where {moved} entries of x differ from x0. "
           "Nudge one entry x_j at a time, and put it back before moving on to the next one.")
check_close("numerical_jacobian(tanh(M x), x0)", J, J_exact, rtol=1e-7, atol=1e-9)
check_close("x0 after the call (it must not change)", x0, np.array([0.3, -0.2, 0.1]), rtol=0, atol=1e-12)
# strong curvature: a one-sided difference is off by ~1e-6 here, a central one by ~1e-10
x1 = np.array([0.5, 1.0])
one_sided = np.diag((np.exp(2 * (x1 + 1e-6)) - np.exp(2 * x1)) / 1e-6)
check_close("numerical_jacobian(exp(2 x), x1)", numerical_jacobian(lambda x: np.exp(2 * x), x1),
            np.diag(2 * np.exp(2 * x1)), rtol=1e-7, atol=1e-9,
            mistakes={"a one-sided difference (f(x + h) - f(x)) / h; use the central one": one_sided,
                      "divided by h instead of 2 h": np.diag(4 * np.exp(2 * x1))})
passed("numerical_jacobian")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('02_jacobians', 'test_numerical_jacobian', globals())
### END HIDDEN TESTS

# %% [markdown]
# The trade-off between truncation error (large $h$) and rounding error (small $h$) is easy to see on
# $f(x) = e^x$ at $x = 1$, whose derivative we know exactly:

# %%
steps = np.logspace(-14, -1, 40)
x, exact = 1.0, np.exp(1.0)
forward = [(np.exp(x + s) - np.exp(x)) / s for s in steps]
central = [(np.exp(x + s) - np.exp(x - s)) / (2 * s) for s in steps]
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.loglog(steps, relative_error(np.array(forward), np.full(steps.size, exact)), "o-", ms=3, label="forward difference")
ax.loglog(steps, relative_error(np.array(central), np.full(steps.size, exact)), "s-", ms=3, label="central difference")
ax.axvline(1e-6, color="gray", ls=":", label="h = 1e-6 (our default)")
ax.set(xlabel="step h", ylabel="relative error of d/dx exp(x) at x = 1",
       title="Rounding error (left) vs truncation error (right)")
ax.legend()
plt.show()


# %% [markdown]
# ## 4. The Jacobians of an affine map
#
# For one example, $z = W h + b$, that is $z_i = \sum_k W_{ik} h_k + b_i$. Differentiating entry by entry,
# $$\frac{\partial z_i}{\partial h_j} = W_{ij}, \qquad \frac{\partial z_i}{\partial b_j} = [i = j] .$$
# So $\partial z/\partial h = W$, shape `(n_out, n_in)`, and $\partial z / \partial b = I$, shape `(n_out, n_out)`.
# (In denominator layout the first would be $W^\top$: section 2.)
#
# ### Exercise 2 (1 point): `affine_jacobians`

# %% nbgrader={"grade": false, "grade_id": "affine_jacobians", "locked": false, "schema_version": 3, "solution": true, "task": false}
def affine_jacobians(W, b):
    """The Jacobians of z = W h + b (one example, column vectors), numerator layout.

    W: (n_out, n_in); b: (n_out,).
    Returns (J_h, J_b): J_h = dz/dh of shape (n_out, n_in) and J_b = dz/db of shape
    (n_out, n_out), both with the dtype of W.
    """
    ### BEGIN SOLUTION
    return W.copy(), np.eye(W.shape[0], dtype=W.dtype)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_affine_jacobians", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
W2 = np.array([[1.0, -2.0, 0.5],
               [3.0, 0.0, -1.0]])
b2 = np.array([0.1, -0.3])
h2 = np.array([0.2, 0.4, -0.6])
J_pair = affine_jacobians(W2, b2)
check_true(isinstance(J_pair, tuple) and len(J_pair) == 2, "affine_jacobians should return a pair (J_h, J_b)")
check_true(np.shape(J_pair[1]) == (2, 2),
           f"J_b (dz/db) should have shape (n_out, n_out) = (2, 2), one row per entry of z and one column "
           f"per entry of b; got shape {np.shape(J_pair[1])}")
# J_h and J_b by central differences of z = W2 h + b2, at h2 (recorded by the course's reference)
expected = recorded("02_jacobians", "affine Jacobians, central differences", W2, b2, h2)
check_close("affine_jacobians(W2, b2)", J_pair, expected,
            rtol=1e-6, atol=1e-8, names=("J_h (dz/dh)", "J_b (dz/db)"))
passed("affine_jacobians")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('02_jacobians', 'test_affine_jacobians', globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 5. Elementwise activations
#
# For $a = g(z)$ applied entry by entry, $a_i = g(z_i)$ depends on $z_i$ only, so every off-diagonal
# derivative is zero:
# $$\frac{\partial a}{\partial z} = \operatorname{diag}\big(g'(z)\big) .$$
# For the sigmoid, $s'(z) = s(z)\,(1 - s(z))$; for ReLU, $\operatorname{relu}'(z) = 1[z > 0]$, and at the
# kink $z = 0$ the course uses 0 (any value in $[0, 1]$ is a valid subgradient; 0 is the usual choice).
#
# ### Exercise 3 (2 points): `sigmoid_jacobian` and `relu_jacobian`
#
# Build the dense $(n \times n)$ matrices (the next section shows why real code never does).
# `sigmoid` is imported from the package for you.

# %% nbgrader={"grade": false, "grade_id": "elementwise_jacobians", "locked": false, "schema_version": 3, "solution": true, "task": false}
def sigmoid_jacobian(z):
    """Jacobian of a = sigmoid(z) (elementwise) for z of shape (n,): an (n, n) matrix, numerator layout."""
    ### BEGIN SOLUTION
    s = sigmoid(z)
    return np.diag(s * (1 - s))
    ### END SOLUTION


def relu_jacobian(z):
    """Jacobian of a = relu(z) for z of shape (n,): the (n, n) matrix diag(1[z > 0]), 0 where z == 0."""
    ### BEGIN SOLUTION
    return np.diag((z > 0).astype(z.dtype))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_elementwise_jacobians", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
z3 = np.array([-2.0, -0.5, 0.1, 0.7, 3.0])
numerical = recorded("02_jacobians", "elementwise Jacobians, central differences", z3)   # of sigmoid and relu at z3
check_close("sigmoid_jacobian(z3)", sigmoid_jacobian(z3), numerical["sigmoid"], rtol=1e-6, atol=1e-9)
check_close("relu_jacobian(z3)", relu_jacobian(z3), numerical["relu"], rtol=1e-6, atol=1e-9)
check_close("relu_jacobian([0, 2])", relu_jacobian(np.array([0.0, 2.0])), np.diag([0.0, 1.0]))
passed("sigmoid_jacobian and relu_jacobian")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('02_jacobians', 'test_elementwise_jacobians', globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 6. Why a dense diagonal is wasteful — and the Jacobian of a whole layer
#
# Backprop only ever *multiplies* this Jacobian with a vector $v$. With the dense matrix that costs
# $n^2$ memory and $n^2$ multiply-adds, of which all but $n$ are multiplications by zero; the
# elementwise product `v * g'(z)` gives the same vector in $n$ of each. Below, both routes start from
# $z$ and $v$ (computing $g'(z)$ is part of each). On the log-log plot the dense route climbs with
# slope about 2 (doubling $n$ quadruples the work); the elementwise route stays nearly flat, because
# at these sizes its few microseconds are mostly the fixed cost of calling numpy.

# %%
sizes = [256, 512, 1024, 2048]
t_dense, t_elementwise = [], []
for n in sizes:
    z, v = rng.normal(size=n), rng.normal(size=n)
    t_dense.append(best_time(lambda: np.diag(sigmoid_prime(z)).T @ v))
    t_elementwise.append(best_time(lambda: v * sigmoid_prime(z)))
    assert np.allclose(np.diag(sigmoid_prime(z)).T @ v, v * sigmoid_prime(z))
for n, td, te in zip(sizes, t_dense, t_elementwise):
    print(f"n = {n:5d}: dense diag {1e3 * td:7.3f} ms ({8 * n * n / 2**20:5.1f} MiB)   "
          f"elementwise {1e3 * te:6.3f} ms ({8 * n / 2**10:4.1f} KiB)   ratio {td / te:6.0f}x")
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.loglog(sizes, t_dense, "o-", label="diag(g'(z)).T @ v  (dense)")
ax.loglog(sizes, t_elementwise, "s-", label="v * g'(z)  (elementwise)")
quadratic = t_dense[-1] * (np.array(sizes) / sizes[-1]) ** 2
ax.loglog(sizes, quadratic, "k:", lw=1, label="slope 2 (time ~ n^2)")
ax.set_xticks(sizes, [str(n) for n in sizes])
ax.minorticks_off()
ax.set(xlabel="vector length n", ylabel="time per product (s)",
       title="J^T v for an elementwise activation: dense diagonal vs elementwise")
ax.legend()
plt.show()

# %% [markdown]
# **One layer.** A layer $h' = g(W h)$ is an affine map followed by an activation, so by the chain rule
# $$\frac{\partial h'}{\partial h} = \operatorname{diag}\big(g'(W h)\big)\, W ,$$
# which in code is a row scaling, `g_prime(W @ h)[:, None] * W` — never a diagonal matrix times `W`.
#
# **A deep net.** For $h^l = g(W^l h^{l-1})$, $l = 1..L$, with $h^0 = x$ and a loss $\mathcal{L}(h^L)$, the chain rule
# gives the input gradient as a product of transposed Jacobians applied to the output gradient:
# $$\nabla_x \mathcal{L} = J_1^\top J_2^\top \cdots J_L^\top\, \nabla_{h^L} \mathcal{L}, \qquad J_l = \operatorname{diag}\big(g'(W^l h^{l-1})\big) W^l .$$
# Evaluate it **from the right**: each step is then a matrix-*vector* product,
# $v \leftarrow (W^l)^\top \big(g'(z^l) * v\big)$, and no Jacobian is ever formed. That right-to-left
# sweep is backpropagation. Evaluated from the left, the same formula would first build the full
# Jacobian of the network, one matrix-matrix product per layer. Both agree with finite differences:

# %%
widths = [5, 8, 8, 3]                                   # x in R^5 -> 8 -> 8 -> R^3
Ws = [rng.normal(size=(m, n)) / np.sqrt(n) for n, m in zip(widths[:-1], widths[1:])]
x = rng.normal(size=widths[0])
c = rng.normal(size=widths[-1])                        # L = c . h^L, so dL/dh^L = c


def deep_loss(x):
    h = x
    for W_l in Ws:
        h = np.tanh(W_l @ h)
    return float(c @ h)


inputs = [x]                                            # forward pass, keeping each layer's input
for W_l in Ws:
    inputs.append(np.tanh(W_l @ inputs[-1]))
jacobians = [(1 - np.tanh(W_l @ h_l) ** 2)[:, None] * W_l for W_l, h_l in zip(Ws, inputs[:-1])]   # diag(g'(z)) W

full = np.eye(widths[0])                                # from the left: the network's whole Jacobian
for J_l in jacobians:
    full = J_l @ full
grad_from_left = full.T @ c

v = c.copy()                                            # from the right: vector-Jacobian products only
for W_l, h_l in zip(reversed(Ws), reversed(inputs[:-1])):
    v = W_l.T @ ((1 - np.tanh(W_l @ h_l) ** 2) * v)

print("network Jacobian shape:", full.shape)
if ready(lambda: numerical_jacobian(np.sin, np.zeros(2)), "Exercise 1, `numerical_jacobian`,"):
    grad_numerical = numerical_jacobian(lambda t: np.array([deep_loss(t)]), x)[0]   # your central differences
    print("max relative error, full Jacobian product vs numerical:", relative_error(grad_from_left, grad_numerical).max())
    print("max relative error, VJP sweep vs numerical:           ", relative_error(v, grad_numerical).max())


# %% [markdown]
# ## 7. Softmax and its Jacobian
#
# $p = \operatorname{softmax}(z)$ with $p_i = e^{z_i} / \sum_k e^{z_k}$. Every output depends on every
# input through the shared denominator $S = \sum_k e^{z_k}$, whose derivative with respect to $z_j$ is $e^{z_j}$.
#
# **Derive it (by hand, 1 point).** Apply the quotient rule to $p_i = e^{z_i}/S$ twice: once for
# $\partial p_i / \partial z_i$ (the numerator depends on $z_i$ too) and once for $\partial p_i / \partial z_j$, $j \ne i$
# (only the denominator does). Write both results with $p_i$ and $p_j$ only. Then evaluate them at
# $z = (0, \ln 3)$, where $p = (\tfrac14, \tfrac34)$: assign the $2 \times 2$ Jacobian
# $J[i, j] = \partial p_i / \partial z_j$ in `J_by_hand`, as exact fractions (`return np.array([[1/2, ...], ...])`).
# Two checks you can make before you run the test: adding the same constant to every logit changes
# nothing, so what must each row of $J$ add up to? And is $J$ symmetric?

# %% nbgrader={"grade": false, "grade_id": "softmax_jacobian_by_hand", "locked": false, "schema_version": 3, "solution": true, "task": false}
def J_by_hand():
    """Your 2 x 2 Jacobian of softmax at z = (0, ln 3), entries as exact fractions: shape (2, 2)."""
    ### BEGIN SOLUTION
    return np.array([[1/4 - 1/16, -3/16],
                     [-3/16, 3/4 - 9/16]])
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_softmax_jacobian_by_hand", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
check_shape("J_by_hand()", J_by_hand(), (2, 2))
check_close("the row sums of J_by_hand() (a constant added to every logit changes nothing)",
            np.sum(J_by_hand(), axis=1), np.zeros(2), rtol=0, atol=1e-12)
passed("J_by_hand (its entries are checked at grading)")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('02_jacobians', 'test_softmax_jacobian_by_hand', globals())
### END HIDDEN TESTS

# %% [markdown]
# The two cases are $\partial p_i/\partial z_i = p_i - p_i^2$ and $\partial p_i/\partial z_j = -p_i p_j$, together
# $\partial p_i/\partial z_j = p_i\,[i = j] - p_i\, p_j$: the diagonal of $p$ minus the outer product of $p$
# with itself. At $p = (\tfrac14, \tfrac34)$ every entry is $\pm\tfrac{3}{16}$. The matrix is symmetric and its rows
# sum to zero ($p_i - p_i \sum_j p_j = 0$).
#
# ### Exercise 4 (2 points): `softmax_jacobian`
#
# `softmax` (numerically stable: it subtracts the maximum logit first) is imported for you.
# A numpy trap: for a 1-D array `p`, `p.T` is `p` itself, so `p @ p.T` is the dot product (one number),
# not the outer product $p p^\top$.

# %% nbgrader={"grade": false, "grade_id": "softmax_jacobian", "locked": false, "schema_version": 3, "solution": true, "task": false}
def softmax_jacobian(z):
    """Jacobian of p = softmax(z) for z of shape (n,): an (n, n) matrix, J[i, j] = d p_i / d z_j."""
    ### BEGIN SOLUTION
    p = softmax(z)
    return np.diag(p) - np.outer(p, p)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_softmax_jacobian", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
z4 = np.array([1.0, -0.5, 2.0, 0.0])
p4 = softmax(z4)
J4 = softmax_jacobian(z4)
check_close("softmax_jacobian(z4)", J4, recorded("02_jacobians", "softmax Jacobian, central differences", z4), rtol=1e-6, atol=1e-9,
            mistakes={"only diag(p): the - p p^T term is missing": np.diag(p4),
                      "diag(p (1 - p)): the off-diagonal entries - p_i p_j are missing": np.diag(p4 * (1 - p4)),
                      "p @ p.T is a dot product (one number) for a 1-D p; the outer product is np.outer(p, p)":
                          np.diag(p4) - p4 @ p4})
check_close("row sums of softmax_jacobian(z4)", J4.sum(axis=1), np.zeros(4), rtol=0, atol=1e-12)
check_close("softmax_jacobian([1000, 0]) (large logits)", softmax_jacobian(np.array([1000.0, 0.0])),
            np.zeros((2, 2)), rtol=0, atol=1e-12)
passed("softmax_jacobian")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('02_jacobians', 'test_softmax_jacobian', globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 8. Vector-Jacobian products: backprop never builds a Jacobian
#
# Section 6 showed that backprop only needs $J^\top v$ — a **vector-Jacobian product** (VJP), $v^\top J$
# written as a column — where $v$ is the gradient arriving from above. For our three maps:
#
# | map | VJP $J^\top v$ | cost |
# |---|---|---|
# | $z = W h + b$ | $W^\top v$ (and $v$ itself for $b$) | $n_{out} n_{in}$, the same as the forward pass |
# | $a = g(z)$ | $v * g'(z)$ | $n$ |
# | $p = \operatorname{softmax}(z)$ | $(\operatorname{diag}(p) - p p^\top)\, v$, rearranged below so that no matrix is formed | $n$, not $n^2$ |
#
# (The softmax Jacobian is symmetric, so $J^\top v = J v$.)
#
# **Batch-first.** In code, $V$ has one row per example, each row that example's incoming gradient, and
# the VJP is applied to every row: for the affine map, row $i$ of the result is $W^\top V_i$; find the one
# matrix product that does this for every row at once (check the shapes). There is no sum over the batch here: each example has its own input $h_i$,
# so each gets its own gradient. (Sums over the batch appear for *shared* parameters: section 9.)
#
# ### Exercise 5 (2 points): `affine_vjp` and `sigmoid_vjp`

# %% nbgrader={"grade": false, "grade_id": "affine_sigmoid_vjp", "locked": false, "schema_version": 3, "solution": true, "task": false}
def affine_vjp(W, V):
    """dL/dh for z = W h + b, for a batch: row i of V is dL/dz of example i.

    W: (n_out, n_in); V: (B, n_out).
    Returns (B, n_in): row i is dL/dh of example i, the transposed Jacobian dz/dh applied to
    V[i]. No sum over the batch, and no Jacobian matrix formed per example.
    """
    ### BEGIN SOLUTION
    return V @ W
    ### END SOLUTION


def sigmoid_vjp(Z, V):
    """dL/dz for a = sigmoid(z), elementwise, without building diag(...).

    Z: (B, n) pre-activations; V: (B, n), row i = dL/da of example i.
    Returns (B, n): V * s(Z) * (1 - s(Z)), one row per example (no sum over the batch).
    """
    ### BEGIN SOLUTION
    s = sigmoid(Z)
    return V * s * (1 - s)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_affine_sigmoid_vjp", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
W5 = np.array([[1.0, -2.0, 0.5, 0.0],
               [3.0, 0.0, -1.0, 2.0]])                   # (n_out, n_in) = (2, 4)
V5 = np.array([[0.5, -1.0], [2.0, 0.0], [-0.3, 0.8]])   # B = 3 rows of dL/dz
explicit = np.stack([W5.T @ v for v in V5])             # J^T v per example, J = W5
check_close("affine_vjp(W5, V5)", affine_vjp(W5, V5), explicit, batch_size=3)
Z5 = np.array([[-1.0, 0.0, 2.0], [0.5, -3.0, 1.0]])
U5 = np.array([[1.0, -2.0, 0.5], [0.3, 0.3, -1.0]])
ref = recorded("02_jacobians", "sigmoid VJP", Z5, U5)   # J^T u per example with the explicit Jacobian, and numerically
explicit = ref["explicit"]
check_shape("sigmoid_vjp(Z5, U5) (same shape as Z5: one row per example)", sigmoid_vjp(Z5, U5), Z5.shape)
check_close("sigmoid_vjp(Z5, U5)", sigmoid_vjp(Z5, U5), explicit, batch_size=2,
            mistakes={"used sigmoid(Z) itself instead of its derivative": U5 * sigmoid(Z5),
                      "used Z as if it were the activation s(Z): Z (1 - Z)": U5 * Z5 * (1 - Z5)})
check_close("sigmoid_vjp(Z5, U5) vs central differences", sigmoid_vjp(Z5, U5),
            ref["central differences"], rtol=1e-6, atol=1e-9)
passed("affine_vjp and sigmoid_vjp")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('02_jacobians', 'test_affine_sigmoid_vjp', globals())
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 6 (2 points): `softmax_vjp`
#
# First multiply out $(\operatorname{diag}(p) - p p^\top)\, v$ on paper: what is $\operatorname{diag}(p)\, v$ as an
# elementwise product, and what is $p\,(p^\top v)$? Collect the result as an elementwise product of $p$ with
# something, so that each row costs $O(n)$.
#
# **By hand (1 point).** At $p = (\tfrac14, \tfrac34)$ (the $z$ above) and $v = (1, 0)$, return $J^\top v$ from
# `vjp_by_hand`, exact fractions, shape `(2,)`. Then write `softmax_vjp` for a batch: the one reduction is
# the dot product inside each row (not across the batch).

# %% nbgrader={"grade": false, "grade_id": "softmax_vjp_by_hand", "locked": false, "schema_version": 3, "solution": true, "task": false}
def vjp_by_hand():
    """Your J^T v for p = (1/4, 3/4) and v = (1, 0), entries as exact fractions: shape (2,)."""
    ### BEGIN SOLUTION
    return np.array([1/4 * (1 - 1/4), 3/4 * (0 - 1/4)])
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_softmax_vjp_by_hand", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
check_shape("vjp_by_hand()", vjp_by_hand(), (2,))
passed("vjp_by_hand (its entries are checked at grading)")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('02_jacobians', 'test_softmax_vjp_by_hand', globals())
### END HIDDEN TESTS

# %% [markdown]
# ($J^\top v = p * (v - (p \cdot v))$: row $i$ needs the single number $p\cdot v$, kept as a column with
# `keepdims=True` so that it broadcasts against the row. At $v = (1, 0)$: $(\tfrac3{16}, -\tfrac3{16})$, the first column of $J$.)

# %% nbgrader={"grade": false, "grade_id": "softmax_vjp", "locked": false, "schema_version": 3, "solution": true, "task": false}
def softmax_vjp(Z, V):
    """J^T v for p = softmax(z), for every row, without forming J.

    Z: (B, n) logits; V: (B, n), row i = dL/dp of example i.
    Returns (B, n): row i is J_i^T V[i], J_i the softmax Jacobian at Z[i], computed without
    forming any (n, n) matrix. One row per example: nothing is summed across the batch.
    """
    ### BEGIN SOLUTION
    P = softmax(Z)
    return P * (V - np.sum(P * V, axis=1, keepdims=True))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_softmax_vjp", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
Z6 = np.array([[1.0, -0.5, 2.0, 0.0],
               [0.0, 0.0, 0.0, 3.0],
               [-1.0, 2.0, 0.5, 0.5]])                   # B = 3, n = 4
V6 = np.array([[1.0, 0.0, -2.0, 0.5],
               [0.3, -0.1, 0.2, 1.0],
               [-1.0, 1.0, 0.0, 2.0]])
V6r = np.random.default_rng(5).normal(size=Z6.shape)    # a random direction for the numerical check
ref = recorded("02_jacobians", "softmax VJP", Z6, V6, V6r)   # J^T v per example with the explicit Jacobian; numerical VJP along V6r
explicit = ref["explicit"]
check_close("softmax_vjp(Z6, V6)", softmax_vjp(Z6, V6), explicit, batch_size=3,
            mistakes={"P * V: the - p (p . v) term of the Jacobian is missing": softmax(Z6) * V6,
                      "p . v summed over the batch (axis=0) instead of along each row (axis=1)":
                          softmax(Z6) * (V6 - np.sum(softmax(Z6) * V6, axis=0, keepdims=True))})
check_close("softmax_vjp(Z6, V6r) vs central differences", softmax_vjp(Z6, V6r),
            ref["central differences, random V"], rtol=1e-6, atol=1e-9, batch_size=3)
passed("softmax_vjp")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('02_jacobians', 'test_softmax_vjp', globals())
### END HIDDEN TESTS

# %% [markdown]
# **What the VJP saves, measured.** A realistic hidden layer: a batch of 32, 512 inputs, 512 outputs,
# $h' = \tanh(W h)$. The explicit route builds each example's Jacobian
# $\operatorname{diag}(g'(z_i))\, W$ (512 × 512) and multiplies it by $v_i$; the VJP route computes
# `(V * g'(Z)) @ W`. (The Jacobian of the whole batch map, $(32 \cdot 512)^2$ entries, would take 2 GiB;
# we do not even try.) Memory is the peak of new allocations, measured with `tracemalloc`.

# %%
B, n = 32, 512
W_big = rng.normal(size=(n, n)) / np.sqrt(n)
H_big = rng.normal(size=(B, n))
V_big = rng.normal(size=(B, n))
G_big = 1 - np.tanh(H_big @ W_big.T) ** 2               # g'(Z), shared by both routes


def explicit_route():
    jacobians = G_big[:, :, None] * W_big[None, :, :]  # (B, n, n): one Jacobian per example
    return np.einsum("bij,bi->bj", jacobians, V_big)


def vjp_route():
    return (V_big * G_big) @ W_big


assert np.allclose(explicit_route(), vjp_route())
results = {}
for name, route in [("explicit Jacobians", explicit_route), ("VJP", vjp_route)]:
    tracemalloc.start()
    route()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    results[name] = (best_time(route, repeat=3), peak)
    print(f"{name:>18}: {1e3 * results[name][0]:8.2f} ms, peak memory {peak / 2**20:7.2f} MiB")
(t_e, m_e), (t_v, m_v) = results.values()
print(f"the VJP is {t_e / t_v:.0f}x faster and needs {m_e / m_v:.0f}x less memory")

fig, axes = plt.subplots(1, 2, figsize=(8, 3.2))
for ax, idx, label in [(axes[0], 0, "time (ms)"), (axes[1], 1, "peak memory (MiB)")]:
    scale = 1e3 if idx == 0 else 1 / 2**20
    values = [r[idx] * scale for r in results.values()]
    bars = ax.bar(list(results), values, color=["tab:red", "tab:green"])
    ax.bar_label(bars, labels=[f"{v:.3g}" for v in values])
    ax.set_yscale("log")
    ax.set_ylim(min(values) / 3, max(values) * 5)
    ax.set(xlabel="route", ylabel=label + ", log scale", title=label.split(" (")[0])
fig.suptitle("J^T v for a 512 x 512 tanh layer, batch of 32 (lower is better)")
fig.tight_layout()
plt.show()


# %% [markdown]
# ## 9. The gradient with respect to a matrix
#
# For $z = W h + b$, what would "$\partial z / \partial W$" be? It relates $n_{out}$ outputs to
# $n_{out} \times n_{in}$ inputs: a three-index array $\partial z_i / \partial W_{jk} = [i = j]\, h_k$, with no
# natural matrix shape. We never need it. The loss $\mathcal{L}$ is a scalar, so $\partial \mathcal{L} / \partial W$ has exactly
# one entry per entry of $W$ — the shape of $W$ — and the chain rule through $z$ gives each entry:
# $$\frac{\partial \mathcal{L}}{\partial W_{jk}} = \sum_i \frac{\partial \mathcal{L}}{\partial z_i}\frac{\partial z_i}{\partial W_{jk}}
# = \sum_i \delta_i\, [i = j]\, h_k = \delta_j\, h_k ,
# \qquad\text{so}\qquad
# \frac{\partial \mathcal{L}}{\partial W} = \delta\, h^\top, \qquad \frac{\partial \mathcal{L}}{\partial b} = \delta ,$$
# with $\delta = \partial \mathcal{L}/\partial z$. The **outer product** $\delta h^\top$ has shape
# `(n_out, 1) (1, n_in) = (n_out, n_in)`, the shape of $W$ as promised. In numpy, `delta` and `h` are 1-D
# arrays, for which `.T` does nothing: `delta @ h.T` is *not* an outer product (numpy has a function for
# outer products, and broadcasting a column against a row does the same).
#
# **A batch.** The same $W$ is used by every example, so its gradient collects a contribution from each.
# Take $\mathcal{L} = \frac1B \sum_i \ell_i$, the per-example errors $\delta_i = \partial \ell_i / \partial z_i$ stacked as the
# rows of a matrix $D$ `(B, n_out)` (no $\frac1B$ in it), and the inputs $h_i$ as the rows of $A$ `(B, n_in)`.
# Each example contributes its own outer product, and the batch mean weighs each by $\frac1B$. Work out
# for yourself which matrix product of $D$ and $A$ adds up those outer products (check the shapes: the
# result must be `(n_out, n_in)`), and which axis of $D$ the bias gradient sums over.
# The batch error of section 1 is $\Delta = \partial \mathcal{L} / \partial Z = \frac1B D$: lesson 03 puts the $\frac1B$
# into $\Delta$ where the loss is computed, so its `linear_backward` needs no division; same numbers, the
# mean applied once.
#
# ### Exercise 7 (1 point): one example

# %% nbgrader={"grade": false, "grade_id": "linear_grads_single", "locked": false, "schema_version": 3, "solution": true, "task": false}
def linear_grads_single(delta, h):
    """dL/dW and dL/db for one example of z = W h + b.

    delta: (n_out,), the error dL/dz;  h: (n_in,), the layer's input.
    Returns (dW, db): dW of shape (n_out, n_in) and db of shape (n_out,).
    """
    ### BEGIN SOLUTION
    return np.outer(delta, h), delta.copy()
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_linear_grads_single", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
W7 = np.array([[0.5, -1.0, 2.0],
               [1.5, 0.3, -0.7]])
b7 = np.array([0.2, -0.1])
h7 = np.array([1.0, -2.0, 0.5])
c7 = np.array([1.0, -3.0])
loss7 = lambda W_, b_: float(c7 @ np.sin(W_ @ h7 + b_))     # L = c . sin(z)
delta7 = c7 * np.cos(W7 @ h7 + b7)                            # dL/dz
dW7, db7 = linear_grads_single(delta7, h7)
check_shape("dW from linear_grads_single (shaped like W)", dW7, W7.shape)
check_shape("db from linear_grads_single (shaped like b)", db7, b7.shape)
check_close("linear_grads_single(delta7, h7)", (dW7, db7),
            recorded("02_jacobians", "linear_grads_single, central differences", W7, b7, h7, c7),   # of loss7 in W and b
            rtol=1e-6, atol=1e-9, names=("dW", "db"))
passed("linear_grads_single")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('02_jacobians', 'test_linear_grads_single', globals())
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 8 (2 points): a batch, with the batch mean
#
# The reduction is the **mean** over the batch; the rows of `D` do not contain the $\frac1B$.
#
# **By hand first (1 point).** A batch of $B = 2$ examples with
# $D = \begin{pmatrix} 1 & 0 \\ 0 & 2 \end{pmatrix}$ (row $i$ is $\delta_i$) and
# $A = \begin{pmatrix} 1 & 2 & 0 \\ 3 & 0 & 1 \end{pmatrix}$ (row $i$ is $h_i$). Add up the two outer products
# $\delta_i h_i^\top$, apply the mean, and return the results from `grads_by_hand`: `dW` (shape `(2, 3)`) and `db`
# (shape `(2,)`). Then find the one matrix product of `D` and `A` that gives the same sum, and write
# `linear_grads_batch`.

# %% nbgrader={"grade": false, "grade_id": "linear_grads_by_hand", "locked": false, "schema_version": 3, "solution": true, "task": false}
def grads_by_hand():
    """Your (dW, db) for the batch above, exact fractions: dW of shape (2, 3), db of shape (2,)."""
    ### BEGIN SOLUTION
    return ((np.outer([1, 0], [1, 2, 0]) + np.outer([0, 2], [3, 0, 1])) / 2,
            np.array([1 + 0, 0 + 2]) / 2)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_linear_grads_by_hand", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
dW_by_hand, db_by_hand = grads_by_hand()
check_shape("dW from grads_by_hand() (shaped like W)", dW_by_hand, (2, 3))
check_shape("db from grads_by_hand() (shaped like b)", db_by_hand, (2,))
passed("grads_by_hand (its entries are checked at grading)")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('02_jacobians', 'test_linear_grads_by_hand', globals())
### END HIDDEN TESTS

# %% [markdown]
# Your two outer products, summed and halved, are $D^\top A / B$: the product $D^\top A$ contracts the batch
# axis. Now the code:

# %% nbgrader={"grade": false, "grade_id": "linear_grads_batch", "locked": false, "schema_version": 3, "solution": true, "task": false}
def linear_grads_batch(D, A):
    """dL/dW and dL/db for a batch: Z = A @ W.T + b, L = (1/B) sum_i loss_i (batch MEAN).

    D: (B, n_out), row i = d loss_i / d z_i (per-example errors, without the 1/B).
    A: (B, n_in),  row i = the input of example i.
    Returns (dW, db): dW of shape (n_out, n_in), db of shape (n_out,); both batch means.
    """
    ### BEGIN SOLUTION
    B = D.shape[0]
    return D.T @ A / B, D.sum(axis=0) / B
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_linear_grads_batch", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
A8 = np.array([[1.0, -2.0, 0.5],
               [0.0, 1.0, 1.0],
               [2.0, 0.5, -1.0],
               [-1.0, 0.0, 3.0]])                          # B = 4, n_in = 3
W8 = np.array([[0.5, -1.0, 2.0],
               [1.5, 0.3, -0.7]])
b8 = np.array([0.2, -0.1])
C8 = np.array([[1.0, -3.0], [0.5, 0.5], [-1.0, 2.0], [2.0, 0.0]])
per_example = lambda W_, b_: np.sum(C8 * np.sin(A8 @ W_.T + b_), axis=1)   # loss_i, shape (B,)
D8 = C8 * np.cos(A8 @ W8.T + b8)                                          # d loss_i / d z_i
# dL/dW and dL/db of the batch mean of per_example, by central differences (recorded)
expected = recorded("02_jacobians", "linear_grads_batch, central differences", A8, W8, b8, C8)
check_close("linear_grads_batch(D8, A8)", linear_grads_batch(D8, A8), expected,
            rtol=1e-6, atol=1e-9, names=("dW", "db"), batch_size=4,
            mistakes={"the batch mean is missing: D has no 1/B in it, so divide both sums by B here":
                          tuple(4 * part for part in expected)})          # B = 4 times too large
check_close("linear_grads_batch on a batch of one vs linear_grads_single",
            linear_grads_batch(D8[:1], A8[:1]), linear_grads_single(D8[0], A8[0]), names=("dW", "db"))
passed("linear_grads_batch")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('02_jacobians', 'test_linear_grads_batch', globals())
### END HIDDEN TESTS

# %% [markdown]
# **Checking a whole layer at once.** The course's reference `gradcheck` compares analytic gradients with central
# differences. With few parameters it checks every entry; with many it compares *directional
# derivatives* along a few random unit directions $u$: $\langle \nabla \mathcal{L}, u\rangle$ against
# $\big(\mathcal{L}(W + h u) - \mathcal{L}(W - h u)\big)/2h$ — two loss evaluations per direction, however many parameters there
# are. A wrong entry $k$ shifts $\langle \nabla \mathcal{L}, u\rangle$ by (its error) $\times\, u_k$, which a random $u$
# almost never hides; the report then bisects the failing direction to name the entry.
# Here is a 300 → 200 tanh layer with an MSE loss (60,200 parameters), first right, then with one wrong entry:

# %%
rng_l = np.random.default_rng(9)
A_l = rng_l.normal(size=(64, 300))
Y_l = rng_l.normal(size=(64, 200))
layer = {"W": rng_l.normal(size=(200, 300)) / np.sqrt(300), "b": np.zeros(200)}


def layer_loss():                                         # reads layer["W"], layer["b"]
    Z = A_l @ layer["W"].T + layer["b"]
    return float(np.mean(np.sum((np.tanh(Z) - Y_l) ** 2, axis=1)))


# The course's checker on this layer's gradient (dW, db from linear_grads_batch), first as it is, then
# with dW[17, 42] off by the mean |dW| (its reports, recorded):
reports = recorded("02_jacobians", "gradcheck reports of a 300 -> 200 tanh layer", A_l, Y_l, layer["W"])
print(reports["right"])
print()
print(reports["one wrong entry"])

# %% [markdown]
# ## 10. Softmax + cross-entropy: the gradient is $p - y$
#
# With a one-hot label $y$ and $p = \operatorname{softmax}(z)$, the cross-entropy is
# $\ell = -\sum_k y_k \log p_k$. Its gradient with respect to $p$ is $-y / p$ (elementwise), and the chain
# rule through the softmax Jacobian gives
# $$\frac{\partial \ell}{\partial z} = J^\top\Big(-\frac{y}{p}\Big)
# = \big(\operatorname{diag}(p) - p p^\top\big)\Big(-\frac{y}{p}\Big)
# = -y + p \sum_k y_k = p - y ,$$
# because $\operatorname{diag}(p)(y/p) = y$, $p^\top (y/p) = \sum_k y_k = 1$. Everything cancels into one
# subtraction — which is also numerically safer: the route through $-y/p$ divides by a probability that can
# underflow to 0, while $p - y$ never divides. That is why libraries fuse the two into one
# "softmax cross-entropy" operation (lesson 03 writes it).

# %%
z10 = np.array([2.0, -1.0, 0.5, 0.0])
label = 2
p10 = softmax(z10)
y10 = np.eye(4)[label]                                  # one-hot
fused = p10 - y10
if ready(lambda: (softmax_jacobian(z10), numerical_jacobian(np.sin, np.zeros(2))),
         "Exercises 1 and 4, `numerical_jacobian` and `softmax_jacobian`,"):
    through_jacobian = softmax_jacobian(z10).T @ (-y10 / p10)                          # your Jacobian
    numerical = numerical_jacobian(lambda t: np.array([-np.log(softmax(t)[label])]), z10)[0]
    print("J^T (-y / p):", through_jacobian)
    print("p - y:       ", fused)
    print("max relative error of p - y vs central differences:", relative_error(fused, numerical).max())

# %% [markdown]
# ## 11. Optional, advanced: Hessian-vector products (not graded)
#
# The Hessian $H = \nabla^2 \mathcal{L}$ of a model with $P$ parameters has $P^2$ entries: for a million parameters,
# 8 TB in float64. Second-order methods and curvature diagnostics need only products $H v$, and those are cheap:
# $$H v = \frac{d}{d\varepsilon}\, \nabla \mathcal{L}(w + \varepsilon v)\Big|_{\varepsilon = 0},$$
# the derivative of the *gradient computation* along the direction $v$. Differentiating each line of the
# backward pass along $v$ (forward mode applied to reverse mode) costs about as much as one more gradient:
# $O(N)$ for a graph of $N$ operations, as in lesson 01.
#
# For softmax regression, $\mathcal{L}(W) = \frac1B\sum_i -\log \operatorname{softmax}(W x_i)_{y_i}$ with gradient
# $\nabla \mathcal{L} = \frac1B (P - Y)^\top X$. Along a direction $V$ (shaped like $W$): the logits move by
# $\dot Z = X V^\top$, the probabilities by $\dot P = P * (\dot Z - \text{rowsum}(P * \dot Z))$ (the softmax
# Jacobian, applied row by row), and so
# $$H V = \tfrac1B\, \dot P^\top X .$$
# We check it against a central difference of two gradients,
# $\big(\nabla \mathcal{L}(W + \varepsilon V) - \nabla \mathcal{L}(W - \varepsilon V)\big) / 2\varepsilon$. If you want more: write
# your own `hvp(W, X, y, V)` in a new cell and compare it with the formula above; it is not graded.

# %%
C, n_feat, B_hvp = 10, 50, 200
X_h = rng.normal(size=(B_hvp, n_feat))
y_h = rng.integers(0, C, size=B_hvp)
W_h = rng.normal(size=(C, n_feat)) * 0.1
V_h = rng.normal(size=(C, n_feat))



def loss_grad(W, X, y):
    """Gradient of softmax regression's batch-mean cross-entropy: (P - Y)^T X / B."""
    P = softmax(X @ W.T)
    P[np.arange(len(y)), y] -= 1.0
    return P.T @ X / len(y)


def hvp(W, X, y, V):
    """H V = Pdot^T X / B with Zdot = X V^T and Pdot = P * (Zdot - rowsum(P * Zdot))."""
    P, Zdot = softmax(X @ W.T), X @ V.T
    Pdot = P * (Zdot - np.sum(P * Zdot, axis=1, keepdims=True))
    return Pdot.T @ X / len(y)


hv = hvp(W_h, X_h, y_h, V_h)
eps = 1e-5
hv_fd = (loss_grad(W_h + eps * V_h, X_h, y_h) - loss_grad(W_h - eps * V_h, X_h, y_h)) / (2 * eps)
print("H V shape:", hv.shape, "| max relative error vs finite difference of gradients:",
      relative_error(hv, hv_fd).max())
t_grad = best_time(lambda: loss_grad(W_h, X_h, y_h), repeat=5)
t_hvp = best_time(lambda: hvp(W_h, X_h, y_h, V_h), repeat=5)
print(f"one gradient {1e3 * t_grad:.3f} ms, one Hessian-vector product {1e3 * t_hvp:.3f} ms; "
      f"the Hessian itself would have {(C * n_feat) ** 2:,} entries")

# %% [markdown]
# ## What to remember
#
# - Conventions: batch-first arrays, `W` of shape `(n_out, n_in)`, `Z = A @ W.T + b`, gradients shaped like
#   their parameters, batch-mean losses, numerator-layout Jacobians ($J[i,j] = \partial y_i/\partial x_j$),
#   $\delta^l = \partial \mathcal{L}/\partial z^l$. From a denominator-layout book: transpose the Jacobians, reverse the products.
# - Check every derivative with **central differences** and the **relative error**
#   $|a - n| / \max(10^{-8}, |a| + |n|)$; for big models, random directional derivatives cost two
#   evaluations each.
# - Jacobians: affine map $W$ (input) and $I$ (bias); elementwise activation $\operatorname{diag}(g'(z))$;
#   softmax $\operatorname{diag}(p) - p p^\top$; one layer $\operatorname{diag}(g'(W h))\, W$.
# - Backprop is a right-to-left sweep of **vector-Jacobian products**: $W^\top v$, $v * g'(z)$,
#   $p * (v - p\cdot v)$. It never forms a Jacobian; doing so costs orders of magnitude in time and memory.
# - A gradient with respect to a matrix is shaped like the matrix: $\partial \mathcal{L}/\partial W = \delta h^\top$, and for a
#   batch $\Delta^\top A$ with $\Delta = \partial \mathcal{L}/\partial Z = \frac1B D$ — the batch sum is the matrix product.
# - Softmax + cross-entropy gives $p - y$.
#
# ## What comes next
#
# Lesson 03 puts these pieces together into the four backpropagation equations of a multilayer perceptron:
# the output error, the recursion $\delta^l = \big((W^{l+1})^\top \delta^{l+1}\big) * g'(z^l)$ — exactly the VJPs
# of this lesson — and $\partial \mathcal{L}/\partial W^l = \delta^l (a^{l-1})^\top$, in batch form. You will write the
# forward and backward pass of every layer, check them with `gradcheck`, and train a network.
