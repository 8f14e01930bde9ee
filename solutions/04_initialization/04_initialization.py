# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lesson 04 — Initialization and variance propagation
#
# **Time:** about 80 minutes of focused work. **Points:** 18 — 4 for derivations, predictions and answers worked out by hand, 14 for code.
#
# Backpropagation tells you *how* to change the weights; it says nothing about where they should
# start. This lesson shows that the starting point decides whether a deep network can learn at all,
# and derives — from nothing more than the variance of a sum of products — the recipes every library
# uses by default.
#
# **After this lesson you will be able to**
#
# - show numerically why zero and constant initializations fail (every hidden unit stays a copy of
#   the others; with zero weights and $g(0) = 0$ nothing reaches the hidden layers);
# - explain what too-small and too-large weights do to activations and gradients, layer by layer;
# - use the variance algebra of independent variables, including
#   $\operatorname{Var}(XY) = \operatorname{Var}X\,\operatorname{Var}Y + \operatorname{Var}X\,(\mathbb{E}Y)^2 + \operatorname{Var}Y\,(\mathbb{E}X)^2$;
# - derive the forward and backward variance recursions of an MLP, and from them the LeCun,
#   Xavier/Glorot and He/Kaiming initializations, in their normal and uniform forms;
# - implement those initializers and **predict the variance after $L$ layers**, and check the
#   prediction against a simulated network;
# - find, with the interactive explorer, the weight scale at which a deep network's signal neither
#   vanishes nor explodes — and see that it is the one the formula gives.
#
# **How to work.** In each exercise cell, replace the line `raise NotImplementedError(...)` with your
# code, then run the test cell below it. Random initializers are tested *statistically*: the tests draw a large
# matrix with a fixed seed and check its mean and variance within a tolerance of five standard
# errors, so a correct implementation passes (a correct draw fails by bad luck about once in a
# million checks) and a wrong factor (a missing square root, the wrong fan) fails. The hidden tests use other shapes, gains and seeds.
#
# **Conventions** are those of [lesson 02](../02_jacobians/02_jacobians.ipynb) (section 1, "The course's
# conventions, stated once"): per example $z^l = W^l a^{l-1} + b^l$ with $W^l$ of shape `(n_out, n_in)`
# $= (n_l, n_{l-1})$; in code a batch is `(B, n)`, one example per row, and a layer computes
# `Z = A @ W.T + b`; $\delta^l = \partial \ell/\partial z^l$ for one example ($\ell$ its loss, $\mathcal{L}$ the batch mean); losses are batch means.

# %%
import matplotlib.pyplot as plt
import numpy as np

from backprop.checking import CheckFailure, check_close, check_shape, check_true, passed, recorded
from backprop.draws import diagnose_draw
from backprop.layers import linear_backward, linear_forward, tanh_backward, tanh_forward
from backprop.losses import mse_loss
from backprop.mlp import MLP
from backprop.simulation import simulate, simulate_scheme   # measured variances of a bias-free MLP

np.set_printoptions(precision=4, suppress=True)


def check_draw(name, W, shape, var, uniform=False, mistakes=None):
    """Raise CheckFailure unless W has `shape`, mean 0 and variance `var` within 5 standard
    errors (and, for uniform=True, the range of a uniform distribution)."""
    msg = diagnose_draw(name, W, shape, var, uniform=uniform, mistakes=mistakes)
    if msg:
        raise CheckFailure(msg)


# %% [markdown]
# ## 1. Why not start from zero?
#
# Take a network with one hidden layer of $h$ tanh units,
# $a^1 = \tanh(W^1 x + b^1)$, $\hat y = W^2 a^1 + b^2$, and set **every weight to 0**. Then:
#
# - $z^1 = 0$, so $a^1 = \tanh(0) = 0$ for every input;
# - the output layer's gradient $\partial \mathcal{L}/\partial W^2 = \delta^2 (a^1)^\top = 0$, because $a^1 = 0$;
# - the hidden error $\delta^1 = \big((W^2)^\top \delta^2\big) * g'(z^1) = 0$, because $W^2 = 0$, so
#   $\partial \mathcal{L}/\partial W^1 = \delta^1 x^\top = 0$ and $\partial \mathcal{L}/\partial b^1 = 0$.
#
# Only the output bias $b^2$ moves: the network learns to predict the mean of $y$ and nothing else,
# forever. The same happens with any $g$ that has $g(0) = 0$ (tanh, ReLU). Let us watch it happen with
# the package's `MLP`:

# %%
rng = np.random.default_rng(0)
X_toy = rng.normal(size=(64, 3))
Y_toy = np.sin(X_toy @ np.array([[1.0], [-2.0], [0.5]]))   # a smooth target, (64, 1)

def train(net, X, Y, lr=0.1, steps=200):
    """Full-batch gradient descent on the MSE; returns the losses."""
    losses = []
    for _ in range(steps):
        loss, dY = mse_loss(net.forward(X), Y)
        net.backward(dY)
        for p, g in zip(net.parameters(), net.gradients()):
            p -= lr * g
        losses.append(loss)
    return losses

net = MLP([3, 8, 1], activation="tanh", rng=0)
for W in net.weights:
    W[...] = 0.0                                          # zero initialization
losses = train(net, X_toy, Y_toy)
W1, W2 = net.weights
b1, b2 = net.biases
print(f"loss: {losses[0]:.4f} -> {losses[-1]:.4f}   (variance of y: {Y_toy.var():.4f})")
print("max |W1| after training:", np.abs(W1).max(), "  max |W2|:", np.abs(W2).max(),
      "  max |b1|:", np.abs(b1).max())
print(f"b2 = {b2[0]:.4f}, mean of y = {Y_toy.mean():.4f}: the network only learned the mean")


# %% [markdown]
# The loss falls only to the variance of $y$ — the error of predicting its mean — and the hidden
# weights never leave zero.
#
# **A nonzero constant is not better.** Set every weight of $W^1$ to the same value $c$ (and every
# weight of $W^2$ to $c'$). Then all hidden units compute the same function of $x$, receive the same
# error $\delta^1_j$ (because the rows of $W^1$ are equal and so are the columns of $W^2$), hence the
# same gradient, hence the same update. By induction over the training steps they **stay identical**:
# the $h$ units behave like a single one. Gradient descent cannot break a symmetry the initialization
# put in; random initialization is how we break it.
#
# ### Exercise 1 — measure the symmetry
#
# Write `train_and_measure_symmetry`: train the two-layer tanh network with full-batch gradient
# descent, starting from the parameters it is given, and measure how different the hidden units are
# at the end. Use the layer functions of lesson 03 (imported above: `linear_forward`, `tanh_forward`,
# `linear_backward`, `tanh_backward`, `mse_loss`). Hidden unit $j$ is row $j$ of $W^1$, so the spread
# is the largest difference between any row and row 0.

# %% nbgrader={"grade": false, "grade_id": "symmetry", "locked": false, "schema_version": 3, "solution": true, "task": false}
def train_and_measure_symmetry(X, Y, W1, b1, W2, b2, lr, steps):
    """Train A1 = tanh(X @ W1.T + b1), Y_hat = A1 @ W2.T + b2 on the batch-mean MSE
    (mse_loss) with `steps` full-batch gradient-descent steps of learning rate `lr`.

    X: (B, n_in), Y: (B, n_out), W1: (h, n_in), b1: (h,), W2: (n_out, h), b2: (n_out,).
    Work on copies: do not modify the arrays passed in.
    Returns (W1_final, spread): W1_final of shape (h, n_in) after training, and the float
    spread = max over units j and inputs i of |W1_final[j, i] - W1_final[0, i]|
    (0 when every hidden unit is a copy of unit 0).
    """
    ### BEGIN SOLUTION
    W1, b1, W2, b2 = (np.array(p, dtype=float) for p in (W1, b1, W2, b2))
    for _ in range(steps):
        Z1, cache1 = linear_forward(X, W1, b1)
        A1, cache_t = tanh_forward(Z1)
        Y_hat, cache2 = linear_forward(A1, W2, b2)
        _, dY = mse_loss(Y_hat, Y)
        dA1, dW2, db2 = linear_backward(dY, cache2)
        dZ1 = tanh_backward(dA1, cache_t)
        _, dW1, db1 = linear_backward(dZ1, cache1)
        W1 -= lr * dW1
        b1 -= lr * db1
        W2 -= lr * dW2
        b2 -= lr * db2
    spread = float(np.max(np.abs(W1 - W1[0])))
    return W1, spread
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_symmetry", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
rng = np.random.default_rng(1)
X = rng.normal(size=(16, 3))
Y = np.sin(X @ rng.normal(size=(3, 2)))
W1, b1 = np.full((5, 3), 0.5), np.zeros(5)          # constant initialization
W2, b2 = np.full((2, 5), 0.3), np.zeros(2)
W1_final, spread = train_and_measure_symmetry(X, Y, W1, b1, W2, b2, lr=0.1, steps=20)
check_shape("W1_final", W1_final, (5, 3))
check_true(np.all(W1 == 0.5), "train_and_measure_symmetry modified the W1 it was given: work on a copy.")
check_true(np.abs(W1_final - 0.5).max() > 1e-3, "W1_final equals the initial W1: did you update W1 in every step?")
# the same 20 steps done by the package's MLP (lesson 03's backprop) give the reference W1
ref = MLP([3, 5, 2], activation="tanh", rng=0)
for p, value in zip(ref.parameters(), (W1, b1, W2, b2)):
    p[...] = value
for _ in range(20):
    _, dY = mse_loss(ref.forward(X), Y)
    ref.backward(dY)
    for p, g in zip(ref.parameters(), ref.gradients()):
        p -= 0.1 * g
check_close("W1_final after 20 steps (batch-mean MSE, lr 0.1)", W1_final, ref.weights[0], rtol=1e-6, atol=1e-9)
check_close("spread after 20 steps from a constant init", spread, 0.0, atol=1e-10,
            mistakes={"it compares inputs (columns of W1) instead of hidden units (rows)":
                      np.max(np.abs(W1_final - W1_final[:, :1]))})
# a random start: the units differ, and the spread measures exactly that
W1r = rng.normal(size=(5, 3)) / np.sqrt(3)
W1r_final, spread_r = train_and_measure_symmetry(X, Y, W1r, b1, W2, b2, lr=0.1, steps=20)
check_close("spread from a random init", spread_r, np.max(np.abs(W1r_final - W1r_final[0])), rtol=1e-12,
            mistakes={"it was measured on the initial W1, before training": np.max(np.abs(W1r - W1r[0])),
                      "it is a mean, not the largest difference": np.mean(np.abs(W1r_final - W1r_final[0]))})
print(f"constant init: spread {spread:.1e} (identical units); random init: spread {spread_r:.3f}")
passed("train_and_measure_symmetry")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('04_initialization', 'test_symmetry', globals())
### END HIDDEN TESTS

# %%
# What symmetry costs: eight identical hidden units are worth one unit.
for label in ("constant", "random"):
    net = MLP([3, 8, 1], activation="tanh", init="xavier_normal", rng=3)
    if label == "constant":
        net.weights[0][...] = 0.5
        net.weights[1][...] = 0.3
    losses = train(net, X_toy, Y_toy, steps=500)
    W1 = net.weights[0]
    print(f"{label:>8} init: loss after 500 steps {losses[-1]:.4f}, "
          f"spread of the hidden units {np.max(np.abs(W1 - W1[0])):.2e}")


# %% [markdown]
# ## 2. Too small, too large
#
# Random weights break the symmetry, but their **scale** matters. Push a batch of inputs
# $x \sim \mathcal N(0, 1)$ through ten tanh layers of width 256, with weights drawn from
# $\mathcal N(0, \sigma^2)$ for a small and a large $\sigma$, and look at the activations of each layer:

# %%
def tanh_stack(std, depth=10, width=256, batch=256, seed=0):
    """Activations and deltas of a bias-free tanh stack with N(0, std^2) weights."""
    rng = np.random.default_rng(seed)
    weights = [std * rng.standard_normal((width, width)) for _ in range(depth)]
    X = rng.normal(size=(batch, width))
    return simulate(weights, "tanh", X, dA_out=rng.normal(size=(batch, width)))

stacks = {std: tanh_stack(std) for std in (0.01, 1.0)}
fig, axes = plt.subplots(2, 5, figsize=(13, 4.6), sharey="row")
for row, (std, sim) in enumerate(stacks.items()):
    for k, l in enumerate((1, 2, 4, 7, 10)):
        a = sim["A"][l - 1][:32].ravel()                  # 32 examples x 256 units per histogram
        ax = axes[row, k]
        ax.hist(a, bins=50, range=(-1, 1), color="C0" if row == 0 else "C3")
        ax.set_title(f"std {std}: layer {l}, std(a) = {sim['A'][l - 1].std():.1e}", fontsize=9)
        ax.set_xlabel("activation a")
    axes[row, 0].set_ylabel("count")
fig.suptitle("Activations of a 10-layer tanh network: weights too small (top) and too large (bottom)")
fig.tight_layout()
plt.show()
for std, sim in stacks.items():
    print(f"std {std:>4}: Var(delta) per layer  ", " ".join(f"{v:.1e}" for v in sim["delta_var"]))

# %% [markdown]
# - **Too small** ($\sigma = 0.01$): each layer multiplies the signal's standard deviation by about
#   $\sigma\sqrt{256} = 0.16$, so after a few layers the activations are a spike at zero. The
#   gradients shrink the same way on their way back: the first layer's $\operatorname{Var}(\delta)$ is
#   $10^{-15}$ times the last one's (the lines printed under the figure). Nothing near the input learns.
# - **Too large** ($\sigma = 1$): pre-activations have a standard deviation of about
#   $\sigma\sqrt{256} = 16$, so almost every tanh unit sits at $\pm 1$ — **saturated**, where
#   $\tanh'(z) \approx 0$. The forward signal cannot explode (tanh is bounded) but it is reduced to
#   signs: the histograms are two spikes. Going back, each layer multiplies $\operatorname{Var}(\delta)$ by
#   $256\,\sigma^2 \cdot \mathbb E[\tanh'(z)^2]$: a huge weight factor times tiny derivatives. Here the weights win and
#   the gradients *explode* towards the input (about $\times 9$ per layer). Which side wins is decided by
#   the product $n\,\sigma^2\,\mathbb E[g'(z)^2]$: the gradients vanish only when it is below 1. Saturation
#   alone does not make them vanish: with the same stack, a sigmoid at $\sigma = 1$ still grows
#   $\operatorname{Var}(\delta)$ by about $\times 1.5$ per layer towards the input, and tanh at $\sigma = 0.3$ by about
#   $\times 2.75$; tanh needs $\sigma \approx 0.05$ (about $\times 0.56$) before the gradients fade. Either way the
#   first layers get useless updates. In a
#   linear or ReLU network nothing bounds the forward pass, and large weights make the activations
#   themselves explode.
#
# The rule of thumb that follows: keep the activations at **zero mean and the same variance in every
# layer**, in the forward pass and in the backward pass. The rest of the lesson turns that rule into
# formulas.

# %% [markdown]
# ## 3. Variance algebra
#
# For **independent** random variables $X$ and $Y$:
#
# 1. Sums add variances: $\operatorname{Var}(X + Y) = \operatorname{Var}X + \operatorname{Var}Y$ — and for $n$
#    independent terms, $\operatorname{Var}\big(\sum_j X_j\big) = \sum_j \operatorname{Var} X_j$.
# 2. Products: since $\mathbb E[XY] = \mathbb E X\,\mathbb E Y$ and $\mathbb E[X^2 Y^2] = \mathbb E[X^2]\,\mathbb E[Y^2]$,
#    $$\operatorname{Var}(XY) = \mathbb E[X^2]\mathbb E[Y^2] - (\mathbb E X)^2(\mathbb E Y)^2
#      = \operatorname{Var}X\operatorname{Var}Y + \operatorname{Var}X\,(\mathbb E Y)^2 + \operatorname{Var}Y\,(\mathbb E X)^2 ,$$
#    (write $\mathbb E[X^2] = \operatorname{Var}X + (\mathbb E X)^2$ and expand). With zero means,
#    $\operatorname{Var}(XY) = \operatorname{Var}X\,\operatorname{Var}Y$; if only $\mathbb E X = 0$ (a weight), then
#    $\operatorname{Var}(XY) = \operatorname{Var}X\;\mathbb E[Y^2]$ — the *second moment* of $Y$ is what counts.
#
# A quick check by sampling, with nonzero means:

# %%
rng = np.random.default_rng(2)
n = 2_000_000
Xs = rng.normal(1.5, 2.0, size=n)          # E X = 1.5, Var X = 4
Ys = rng.uniform(0.0, 3.0, size=n)         # E Y = 1.5, Var Y = 9/12
formula = 4 * 0.75 + 4 * 1.5**2 + 0.75 * 1.5**2
print(f"Var(XY) sampled: {np.var(Xs * Ys):.4f}   formula: {formula:.4f}")


# %% [markdown]
# ### The forward recursion
#
# Layer $l$ computes $z^l_i = \sum_{j=1}^{n_{l-1}} W^l_{ij}\, a^{l-1}_j$ (biases start at 0). Assume the weights
# are independent of each other and of the activations, with mean 0 and a common variance
# $\operatorname{Var}(W^l)$. Each term $W^l_{ij} a^{l-1}_j$ has variance $\operatorname{Var}(W^l)\,\mathbb E[(a^{l-1})^2]$,
# and there are $n_{l-1}$ of them:
#
# $$\operatorname{Var}(z^l) = n_{l-1}\,\operatorname{Var}(W^l)\;\mathbb E\big[(a^{l-1})^2\big] .$$
#
# In the **linear regime** — identity, or tanh near 0 where $\tanh z \approx z$ — we have
# $\mathbb E[(a^{l-1})^2] = \operatorname{Var}(z^{l-1})$, so each layer multiplies the variance by $n_{l-1}\operatorname{Var}(W^l)$ and
#
# $$\operatorname{Var}(z^L) = \operatorname{Var}(x)\,\prod_{l=1}^{L} n_{l-1}\operatorname{Var}(W^l) .$$
#
# A product of $L$ factors: if each is $0.9$, 50 layers leave $0.005$ of the signal; if each is $1.1$,
# they multiply it by 117. The factor must be **1**: $\operatorname{Var}(W) = 1/n_{\text{in}}$. That is
# **LeCun** initialization.
#
# **ReLU** zeroes the negative half of a symmetric $z$, so $\mathbb E[\operatorname{relu}(z)^2] = \tfrac12\operatorname{Var}(z)$:
# ReLU halves the second moment, and the factor becomes $\tfrac12 n_{l-1}\operatorname{Var}(W^l)$. To keep it at 1,
# double the variance: $\operatorname{Var}(W) = 2/n_{\text{in}}$ — **He/Kaiming** initialization. (The input $x$
# itself is not passed through a ReLU, so the first layer uses $\mathbb E[x^2] = \operatorname{Var}(x)$.)
#
# ### The backward recursion
#
# Going back, $\partial \mathcal{L}/\partial a^{l-1} = (W^l)^\top \delta^l$ sums $n_l$ terms (one per row of $W^l$) and
# $\delta^{l-1} = \partial \mathcal{L}/\partial a^{l-1} * g'(z^{l-1})$, so by the same argument
#
# $$\operatorname{Var}(\delta^{l-1}) = n_l\,\operatorname{Var}(W^l)\,\operatorname{Var}(\delta^l)\;\mathbb E\big[g'(z^{l-1})^2\big] .$$
#
# Gradients keep their size when $\operatorname{Var}(W) = 1/n_{\text{out}}$ (linear regime, $g' \approx 1$) — a different
# fan. **Xavier/Glorot** initialization compromises between the two:
#
# $$\operatorname{Var}(W) = \frac{2}{n_{\text{in}} + n_{\text{out}}}, \qquad \text{and for ReLU (He, averaged form)}\quad \frac{4}{n_{\text{in}} + n_{\text{out}}} .$$
#
# **Normal or uniform.** A uniform distribution on $[-a, a]$ has variance $a^2/3$, so the uniform version
# of a scheme with variance $v$ uses the limit $a = \sqrt{3v}$: Xavier uniform has $a = \sqrt{6/(n_{\text{in}}+n_{\text{out}})}$,
# He uniform $a = \sqrt{6/n_{\text{in}}}$. **Gain.** Libraries multiply the standard deviation (and the limit) by a
# gain, which multiplies the variance by $\text{gain}^2$. **Fans.** With $W$ of shape `(n_out, n_in)`,
# `fan_in = shape[1]` and `fan_out = shape[0]`.
#
# | scheme | $\operatorname{Var}(W)$ | normal std | uniform limit |
# |---|---|---|---|
# | LeCun | $1/n_{\text{in}}$ | $\sqrt{1/n_{\text{in}}}$ | $\sqrt{3/n_{\text{in}}}$ |
# | Xavier/Glorot | $2/(n_{\text{in}}+n_{\text{out}})$ | $\sqrt{2/(n_{\text{in}}+n_{\text{out}})}$ | $\sqrt{6/(n_{\text{in}}+n_{\text{out}})}$ |
# | He/Kaiming (fan-in) | $2/n_{\text{in}}$ | $\sqrt{2/n_{\text{in}}}$ | $\sqrt{6/n_{\text{in}}}$ |
#
# Biases start at 0: they add no randomness and break no symmetry (the weights already do).

# %% [markdown]
# ## 4. The initializers
#
# Every function receives `shape = (n_out, n_in)` and, when it is random, `rng`, a
# `numpy.random.Generator` (`np.random.default_rng(seed)`): draw **every** random number from it
# (`rng.normal`, `rng.standard_normal`, `rng.uniform`), never from `np.random`, so the same seed gives
# the same weights. Return float64 arrays of shape `(n_out, n_in)`.
#
# ### Exercise 2 — zeros, a constant, a plain normal

# %% nbgrader={"grade": false, "grade_id": "simple_inits", "locked": false, "schema_version": 3, "solution": true, "task": false}
def zeros_init(shape):
    """All-zero weights: shape (n_out, n_in) -> array of that shape."""
    ### BEGIN SOLUTION
    return np.zeros(shape)
    ### END SOLUTION


def constant_init(shape, value):
    """Every weight equal to `value`: shape (n_out, n_in) -> array of that shape."""
    ### BEGIN SOLUTION
    return np.full(shape, float(value))
    ### END SOLUTION


def normal_init(shape, std, rng):
    """Weights from N(0, std**2) drawn with `rng`: shape (n_out, n_in) -> array of that shape.
    (`std` is the standard deviation, not the variance.)"""
    ### BEGIN SOLUTION
    return std * rng.standard_normal(shape)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_simple_inits", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
shape = (300, 500)                                   # (n_out, n_in): 150,000 weights
check_close("zeros_init((300, 500))", zeros_init(shape), np.zeros(shape))
check_close("constant_init((300, 500), 0.5)", constant_init(shape, 0.5), np.full(shape, 0.5),
            mistakes={"every entry is 1: the `value` argument is ignored": np.ones(shape)})
W = normal_init(shape, 0.1, np.random.default_rng(0))
check_draw("normal_init((300, 500), std=0.1, rng)", W, shape, var=0.1**2,
           mistakes={"std**2 used as the standard deviation": 0.1**4,
                     "sqrt(std) used as the standard deviation": 0.1,
                     "a uniform on [-std, std] (variance std**2 / 3), not a normal": 0.1**2 / 3})
again = normal_init(shape, 0.1, np.random.default_rng(0))
check_true(np.array_equal(W, again), "normal_init: the same seed gave different weights: draw from `rng`, not np.random.")
passed("zeros_init, constant_init and normal_init")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('04_initialization', 'test_simple_inits', globals())
### END HIDDEN TESTS

# %% [markdown]
# **By hand first (1 point).** A layer maps $n_{\text{in}} = 256$ inputs to $n_{\text{out}} = 512$ outputs, so `W` has shape
# `(512, 256)`. From the recursions of section 3 (not from code), work out as exact fractions: the variance
# LeCun gives its weights, the variance Xavier gives, the variance He gives with the fan-in and with the
# fan-out, and the limit $a$ of Xavier **uniform** at gain 2 (a square root is fine: `np.sqrt(...)`).
# Return them from `variances_by_hand` in that order.

# %% nbgrader={"grade": false, "grade_id": "variances_by_hand", "locked": false, "schema_version": 3, "solution": true, "task": false}
def variances_by_hand():
    """(LeCun Var(W), Xavier Var(W), He fan-in Var(W), He fan-out Var(W), Xavier uniform limit at gain 2) for W of shape (512, 256): 5 numbers, shape (5,)."""
    ### BEGIN SOLUTION
    return 1 / 256, 2 / (256 + 512), 2 / 256, 2 / 512, 2 * np.sqrt(6 / (256 + 512))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_variances_by_hand", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
answers = variances_by_hand()
check_true(len(answers) == 5 and all(np.isfinite(float(a)) and float(a) > 0 for a in answers),
           "variances_by_hand() must return five positive numbers")
passed("variances_by_hand (its values are checked at grading)")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('04_initialization', 'test_variances_by_hand', globals())
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 3 — Xavier/Glorot, normal and uniform
#
# The normal one has Xavier's variance (times $\text{gain}^2$); the uniform one draws on $[-a, a]$ with the
# limit that gives the same variance (section 3, "Normal or uniform").

# %% nbgrader={"grade": false, "grade_id": "xavier", "locked": false, "schema_version": 3, "solution": true, "task": false}
def xavier_normal(shape, rng, gain=1.0):
    """Xavier/Glorot normal, with the variance derived in section 4 times gain**2.
    shape = (n_out, n_in) -> array of that shape, drawn with `rng`."""
    ### BEGIN SOLUTION
    n_out, n_in = shape
    std = gain * np.sqrt(2.0 / (n_in + n_out))
    return std * rng.standard_normal(shape)
    ### END SOLUTION


def xavier_uniform(shape, rng, gain=1.0):
    """Xavier/Glorot uniform: U(-a, a) with a = gain * sqrt(6 / (n_in + n_out)).
    shape = (n_out, n_in) -> array of that shape, drawn with `rng`."""
    ### BEGIN SOLUTION
    n_out, n_in = shape
    limit = gain * np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-limit, limit, size=shape)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_xavier", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
n_out, n_in = 300, 500                      # W is (n_out, n_in): fan_in = 500, fan_out = 300
var = 2 / (n_in + n_out)
wrong = {"fan_in alone (that is LeCun)": 1 / n_in, "fan_out alone": 1 / n_out,
         "n_in + n_out without the factor 2": 1 / (n_in + n_out)}
W = xavier_normal((n_out, n_in), np.random.default_rng(1))
check_draw("xavier_normal((300, 500), rng)", W, (n_out, n_in), var,
           mistakes={**wrong, "the variance used as the standard deviation (a missing square root)": var**2})
U = xavier_uniform((n_out, n_in), np.random.default_rng(1))
check_draw("xavier_uniform((300, 500), rng)", U, (n_out, n_in), var, uniform=True,
           mistakes={**wrong, "limit sqrt(2 / (n_in + n_out)), without the factor sqrt(3)": var / 3})
W2 = xavier_normal((n_out, n_in), np.random.default_rng(2), gain=2.0)
check_draw("xavier_normal((300, 500), rng, gain=2)", W2, (n_out, n_in), 4 * var,
           mistakes={"the gain multiplies the variance, not the std": 2 * var, "the gain is applied twice": 16 * var})
check_true(np.array_equal(xavier_uniform((3, 4), np.random.default_rng(5)), xavier_uniform((3, 4), np.random.default_rng(5))),
           "xavier_uniform: the same seed gave different weights: draw from `rng`, not np.random.")
passed("xavier_normal and xavier_uniform")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('04_initialization', 'test_xavier', globals())
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 4 — He/Kaiming, normal and uniform, with a fan mode
#
# He's variance (times $\text{gain}^2$) with the fan `mode` picks: `"fan_in"` ($n_{\text{in}}$, the default:
# keeps the forward variance), `"fan_out"` ($n_{\text{out}}$: keeps the backward variance) or `"average"`
# ($(n_{\text{in}} + n_{\text{out}})/2$). The uniform version has the same variance.

# %% nbgrader={"grade": false, "grade_id": "he", "locked": false, "schema_version": 3, "solution": true, "task": false}
def he_normal(shape, rng, gain=1.0, mode="fan_in"):
    """He/Kaiming normal, with the variance derived in section 4 times gain**2; the fan is chosen
    by mode ("fan_in" = n_in, "fan_out" = n_out, "average" = (n_in + n_out) / 2).
    shape = (n_out, n_in) -> array of that shape, drawn with `rng`."""
    ### BEGIN SOLUTION
    var = gain**2 * 2.0 / _fan(shape, mode)
    return np.sqrt(var) * rng.standard_normal(shape)
    ### END SOLUTION


def he_uniform(shape, rng, gain=1.0, mode="fan_in"):
    """He/Kaiming uniform: U(-a, a) with a = sqrt(3 * gain**2 * 2 / fan) = gain * sqrt(6 / fan).
    shape = (n_out, n_in) -> array of that shape, drawn with `rng`."""
    ### BEGIN SOLUTION
    limit = np.sqrt(3.0 * gain**2 * 2.0 / _fan(shape, mode))
    return rng.uniform(-limit, limit, size=shape)
    ### END SOLUTION


def _fan(shape, mode):
    """The fan of W with shape (n_out, n_in) for mode "fan_in", "fan_out" or "average"."""
    ### BEGIN SOLUTION
    n_out, n_in = shape
    if mode == "fan_in":
        return n_in
    if mode == "fan_out":
        return n_out
    if mode == "average":
        return (n_in + n_out) / 2
    raise ValueError(f"unknown mode {mode!r}; use 'fan_in', 'fan_out' or 'average'")
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_he", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
n_out, n_in = 300, 500
wrong = {"fan_out used instead of fan_in (W is (n_out, n_in): fan_in = shape[1])": 2 / n_out,
         "the factor 2 is missing (that is LeCun)": 1 / n_in}
W = he_normal((n_out, n_in), np.random.default_rng(3))
check_draw("he_normal((300, 500), rng)", W, (n_out, n_in), 2 / n_in, mistakes=wrong)
U = he_uniform((n_out, n_in), np.random.default_rng(3))
check_draw("he_uniform((300, 500), rng)", U, (n_out, n_in), 2 / n_in, uniform=True,
           mistakes={**wrong, "limit sqrt(2 / n_in), without the factor sqrt(3)": 2 / (3 * n_in)})
Wo = he_normal((n_out, n_in), np.random.default_rng(4), mode="fan_out")
check_draw("he_normal((300, 500), rng, mode='fan_out')", Wo, (n_out, n_in), 2 / n_out,
           mistakes={"fan_in used although mode='fan_out'": 2 / n_in})
Ua = he_uniform((n_out, n_in), np.random.default_rng(5), gain=1.5, mode="average")
var_a = 4 / (n_in + n_out)                     # mode="average": fan = (n_in + n_out) / 2
check_draw("he_uniform((300, 500), rng, gain=1.5, mode='average')", Ua, (n_out, n_in), 1.5**2 * var_a,
           uniform=True, mistakes={"the gain multiplies the variance, not the std": 1.5 * var_a,
                                   "the gain is applied twice": 1.5**4 * var_a,
                                   "fan_in used although mode='average'": 1.5**2 * 2 / n_in})
passed("he_normal and he_uniform")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('04_initialization', 'test_he', globals())
### END HIDDEN TESTS

# %%
# The four distributions side by side for a 256 -> 256 layer: same variance within a family,
# different shapes; and the package's reference agrees with yours.
rng = np.random.default_rng(6)
try:
    draws = {"xavier_normal": xavier_normal((256, 256), rng), "xavier_uniform": xavier_uniform((256, 256), rng),
             "he_normal": he_normal((256, 256), rng), "he_uniform": he_uniform((256, 256), rng)}
except NotImplementedError as exc:
    draws = {}
    print("Finish exercises 3 and 4 to see your initializers here:", exc)
fig, ax = plt.subplots(figsize=(8, 3.8)) if draws else (None, None)
formula = {"xavier_normal": 2 / (256 + 256), "xavier_uniform": 2 / (256 + 256), "he_normal": 2 / 256, "he_uniform": 2 / 256}
for name, W in draws.items():
    ax.hist(W.ravel(), bins=80, histtype="step", density=True,
            label=f"{name}: Var {W.var():.2e} (formula {formula[name]:.2e})")
if draws:
    ax.set_ylim(0, 1.45 * ax.get_ylim()[1])               # room for the legend above the curves
    ax.set_xlabel("weight value")
    ax.set_ylabel("density")
    ax.set_title("Initializers for a 256 -> 256 layer (your implementations)")
    ax.legend(fontsize=8, ncol=2, loc="upper center")
    plt.show()


# %% [markdown]
# ## 5. Predicting the variance after $L$ layers
#
# ### Exercise 5 — the forward prediction
#
# Write `predicted_variance`: for an MLP with layer widths `widths = [n_0, n_1, ..., n_L]`, weights from
# `scheme` times `gain` (so $\operatorname{Var}(W^l) = \text{gain}^2 \times$ the scheme's variance for a matrix
# $(n_l, n_{l-1})$), biases 0 and an input with $\mathbb E[x] = 0$, $\operatorname{Var}(x) =$ `input_var`, return the
# array of the **linear-regime** predictions $\operatorname{Var}(z^1), \dots, \operatorname{Var}(z^L)$ (shape `(L,)`):
#
# $$\operatorname{Var}(z^l) = n_{l-1}\operatorname{Var}(W^l)\; m_{l-1}, \qquad m_0 = \operatorname{Var}(x), \qquad
# m_l = \begin{cases} \tfrac12 \operatorname{Var}(z^l) & \text{relu} \\ \operatorname{Var}(z^l) & \text{linear, tanh (linear regime)} \end{cases}$$
#
# `scheme` is one of `"lecun_normal"`, `"xavier_normal"`, `"xavier_uniform"`, `"he_normal"`, `"he_uniform"` (the
# uniform ones have the same variance as their normal twins; each with its default fan: LeCun and He
# fan-in, Xavier the average).

# %% nbgrader={"grade": false, "grade_id": "predicted_variance", "locked": false, "schema_version": 3, "solution": true, "task": false}
def predicted_variance(widths, scheme, activation="linear", gain=1.0, input_var=1.0):
    """Linear-regime prediction of Var(z^l), l = 1..L, for widths [n_0, ..., n_L].

    widths: sequence of L + 1 ints; scheme: "lecun_normal", "xavier_normal", "xavier_uniform",
    "he_normal" or "he_uniform"; activation: "linear", "tanh" or "relu"; gain multiplies the
    weights' std; input_var = Var(x). Returns an array of shape (L,).
    """
    ### BEGIN SOLUTION
    q = []
    second_moment = input_var                    # E[(a^0)^2] = Var(x): x is not activated
    for l in range(len(widths) - 1):
        n_in, n_out = widths[l], widths[l + 1]
        if scheme.startswith("lecun"):
            var_w = 1.0 / n_in
        elif scheme.startswith("xavier"):
            var_w = 2.0 / (n_in + n_out)
        elif scheme.startswith("he"):
            var_w = 2.0 / n_in
        else:
            raise ValueError(f"unknown scheme {scheme!r}")
        q_l = n_in * gain**2 * var_w * second_moment
        q.append(q_l)
        second_moment = q_l / 2 if activation == "relu" else q_l
    return np.array(q)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_predicted_variance", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
q = predicted_variance([100, 200, 50, 80], "xavier_normal", "linear")
check_shape("predicted_variance([100, 200, 50, 80], 'xavier_normal')", q, (3,))
factors = [100 * 2 / 300, 200 * 2 / 250, 50 * 2 / 130]           # n_(l-1) Var(W^l) per layer
check_close("predicted_variance([100, 200, 50, 80], 'xavier_normal', 'linear')", q, np.cumprod(factors), rtol=1e-6)
q = predicted_variance([64, 128, 128, 10], "he_normal", "relu")
check_close("predicted_variance([64, 128, 128, 10], 'he_normal', 'relu')", q, [2.0, 2.0, 2.0], rtol=1e-6,
            mistakes={"ReLU's 1/2 is missing": [2.0, 4.0, 8.0], "the 1/2 is also applied to the input x": [1.0, 1.0, 1.0],
                      "fan_out (n_out) used instead of fan_in for He": [1.0, 1.0, 12.8]})
q = predicted_variance([100, 100, 100], "lecun_normal", "linear", gain=1.5)
check_close("predicted_variance([100, 100, 100], 'lecun_normal', 'linear', gain=1.5)", q, [1.5**2, 1.5**4], rtol=1e-6,
            mistakes={"the gain is not squared (it scales the std, so Var(W) gets gain**2)": [1.5, 1.5**2]})
# against a simulated network: 8 ReLU layers of width 256 with Xavier weights
sim = simulate_scheme("xavier_normal", [256] * 9, "relu", batch=512, rng=0)
q = predicted_variance([256] * 9, "xavier_normal", "relu")
check_true(np.all(np.abs(np.log(sim["z_var"] / q)) < 0.3),
           f"predicted {np.round(q, 4)}, but a simulated network measures {np.round(sim['z_var'], 4)}")
passed("predicted_variance")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('04_initialization', 'test_predicted_variance', globals())
### END HIDDEN TESTS

# %%
# Prediction (lines) against simulated networks (markers): 20 layers of width 256.
widths = [256] * 21
layers_ = np.arange(1, 21)
settings = [("xavier_normal", "linear", 1.0), ("xavier_normal", "relu", 1.0),
            ("he_normal", "relu", 1.0), ("lecun_normal", "linear", 1.1)]
try:
    predicted = [predicted_variance(widths, scheme, act, gain) for scheme, act, gain in settings]
except NotImplementedError as exc:
    predicted = None
    print("Finish exercise 5 to compare your prediction with simulated networks:", exc)
if predicted is not None:
    fig, ax = plt.subplots(figsize=(8, 4))
    for (scheme, act, gain), q, color in zip(settings, predicted, ["C0", "C1", "C2", "C3"]):
        sim = simulate_scheme(scheme, widths, act, gain=gain, batch=256, rng=1)
        ax.semilogy(layers_, q, "-", color=color, label=f"{scheme}, {act}, gain {gain}")
        ax.semilogy(layers_, sim["z_var"], "o", ms=4, color=color)
    ax.set_xlabel("layer l")
    ax.set_ylabel(r"$\mathrm{Var}(z^l)$ (log scale)")
    ax.set_title("Your predicted_variance (lines) against simulated networks (markers)")
    ax.legend(fontsize=8)
    plt.show()

# %% [markdown]
# The prediction holds for linear and ReLU networks. Two things it leaves out:
#
# - **Saturation.** tanh is linear only near 0; for larger $\operatorname{Var}(z)$, $\mathbb E[\tanh(z)^2] < \operatorname{Var}(z)$.
#   The explorer below can replace the linear-regime factor by the exact Gaussian average
#   and draws that as dotted lines.
# - **Finite width.** The formulas describe averages; a particular network of width 256 drifts
#   randomly around them, and ReLU networks drift more. The drift shrinks as the width grows.

# %% [markdown]
# ## 6. The explorer: find the stable scale yourself
#
# Run the next cell. It builds a bias-free network of `depth` square layers of `width` units, pushes a
# batch $x \sim \mathcal N(0, 1)$ forward and a random gradient $\partial \mathcal{L}/\partial a^L \sim \mathcal N(0, 1)$ back, and
# shows, for the settings of the controls:
#
# - **left** — histograms of the activations $a^l$ of up to ten layers (layer 1 on top);
# - **right** — $\operatorname{Var}(z^l)$ (blue) and $\operatorname{Var}(\delta^l)$ (red) per layer on a log scale, measured (markers)
#   and predicted (solid: the linear-regime formula of section 3; dotted: the Gaussian average);
# - **above** — a verdict from the measured ratios $\mathbb E[(a^L)^2]/\mathbb E[(a^1)^2]$ (for linear and ReLU
#   layers the same as $\operatorname{Var}(z^L)/\operatorname{Var}(z^1)$) and $\operatorname{Var}(\delta^1)/\operatorname{Var}(\delta^L)$:
#   *stable* when both lie between 1/4 and 4.
#
# The `gain` multiplies the weights' standard deviation: $W = \text{gain} \times$ (a draw from the scheme).
# The random matrices are drawn once, so moving a slider only rescales them. (Without a live kernel
# or without ipywidgets you get a static picture; `explorer.update(gain=1.4, ...)` then redraws it.)

# %%
from backprop.explorers import init_explorer

explorer = init_explorer(depth=10, width=256, activation="linear", scheme="xavier_normal", gain=0.8)
explorer


# %% [markdown]
# **Guided tasks.** Write down what you find; the cell after the tasks compares it with the formula.
#
# 1. *Linear, Xavier normal, depth 10, width 256.* Slide the gain. Where is the verdict stable? With
#    square layers $n\operatorname{Var}(W) = \text{gain}^2$, so the formula says the factor per layer is $\text{gain}^2$ and
#    the stable gain is 1. How narrow is the stable range at depth 10? At depth 50?
# 2. *ReLU, Xavier normal.* At gain 1 the blue markers fall by a factor 2 per layer — the ReLU's halving.
#    Find the gain that makes them flat. Then switch the scheme to He normal at gain 1.
# 3. *Plain normal (std 0.01), linear, width 256.* Find the stable gain. Predict it first:
#    $\text{gain}^2 \cdot 0.01^2 \cdot 256 = 1$. Change the width to 1024: where does it move, and why?
# 4. *tanh, Xavier normal, depth 20.* At gain 1 the solid line (linear regime) is flat, but the measured
#    variance falls fast over the first layers (from about 1 to about 0.13 by layer 5) and then keeps
#    sinking more slowly: tanh is only *almost* linear, and $\mathbb E[\tanh(z)^2] < \operatorname{Var}(z)$. Find a gain that keeps it stable (the dotted
#    Gaussian theory helps). Push the gain to 5: look at the histograms (saturation at ±1) and the red
#    markers.
# 5. *Sigmoid.* Why do the gradients vanish at gain 1 whatever the scheme? ($\sigma'(0) = 1/4$, so each
#    layer multiplies $\operatorname{Var}(\delta)$ by about $n\operatorname{Var}(W)/16$.) What gain would the linear-regime formula ask
#    for, and what does that do to the forward pass, whose activations have mean 1/2 rather than 0?

# %% [markdown]
# **Your answers (graded, 3 points).** Predict each with the linear-regime formula first, then check it with
# the explorer (the verdict must say *stable* at your gain).
#
# - `stable_gains()`: the gain that keeps the signal's variance constant in square layers of width 256 for
#   (task 1) linear layers with Xavier normal, (task 2) ReLU layers with Xavier normal, (task 3) linear layers
#   with a plain normal of std 0.01, and the same at width 1024: a tuple of four numbers.
# - `sigmoid_answers()` (task 5): the factor by which one square sigmoid layer with Xavier normal at gain 1
#   multiplies $\operatorname{Var}(\delta)$ in the linear regime, and the gain that the formula asks for to make it 1:
#   a tuple of two numbers.
# - `tanh_answer()` (task 4): by how much does the measured $\operatorname{Var}(z^5)$ of the tanh network at gain 1
#   fall short of the linear-regime prediction? Give the ratio measured / predicted at layer 5 that the
#   explorer shows, to one significant figure (0.1 means ten times smaller).

# %% nbgrader={"grade": false, "grade_id": "explorer_gains", "locked": false, "schema_version": 3, "solution": true, "task": false}
def stable_gains():
    """The stable gain for (linear Xavier, ReLU Xavier, linear std 0.01 at width 256, the same at width 1024): 4 numbers, shape (4,)."""
    ### BEGIN SOLUTION
    return 1.0, np.sqrt(2), 1 / (0.01 * np.sqrt(256)), 1 / (0.01 * np.sqrt(1024))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_explorer_gains", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
gains = stable_gains()
check_true(len(gains) == 4 and all(float(g) > 0 for g in gains), "stable_gains() must return four positive numbers")
passed("stable_gains (its values are checked at grading)")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('04_initialization', 'test_explorer_gains', globals())
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "explorer_sigmoid", "locked": false, "schema_version": 3, "solution": true, "task": false}
def sigmoid_answers():
    """(the linear-regime factor on Var(delta) of one sigmoid layer, Xavier normal, gain 1, square; the gain that makes it 1): 2 numbers, shape (2,)."""
    ### BEGIN SOLUTION
    return 1 / 16, 4.0
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_explorer_sigmoid", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
factor, gain = sigmoid_answers()
check_true(0 < float(factor) and 0 < float(gain), "sigmoid_answers() must return two positive numbers")
passed("sigmoid_answers (their values are checked at grading)")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('04_initialization', 'test_explorer_sigmoid', globals())
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "explorer_tanh", "locked": false, "schema_version": 3, "solution": true, "task": false}
def tanh_answer():
    """Measured / predicted Var(z^5) of the tanh network (Xavier normal, gain 1, width 256): one number (a float, or shape (1,))."""
    ### BEGIN SOLUTION
    return 0.1
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_explorer_tanh", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
check_true(0 < float(tanh_answer()) < 10, "tanh_answer() must return a positive ratio")
passed("tanh_answer (its value is checked at grading)")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('04_initialization', 'test_explorer_tanh', globals())
### END HIDDEN TESTS

# %%
# Compare your findings with your own predicted_variance. Put in the gains you found by sliding.
found = {"linear, xavier_normal": 1.0, "relu, xavier_normal": 1.0}   # <- replace by the gains you found

try:
    for key, gain in found.items():
        act, scheme = key.split(", ")
        q = predicted_variance([256] * 11, scheme, act, gain=gain)
        print(f"{key:>22}: gain {gain:.3f} -> predicted Var(z^10) / Var(z^1) = {q[-1] / q[0]:.3f}")
except NotImplementedError as exc:
    print("Finish exercise 5 to check your gains with predicted_variance:", exc)

# the formula's answer: the gain at which one square layer keeps the linear-regime variance
for setting, gain in recorded("04_initialization", "critical gains of a 256 -> 256 layer").items():
    print(f"formula: {setting}: critical gain {gain:.4f}")

# %% [markdown]
# ## 7. Further reading (not graded)
#
# - **Orthogonal initialization** (Saxe, McClelland & Ganguli, 2013): use a random orthogonal matrix
#   (times a gain). Every singular value is 1, so a linear network preserves the norm of *every*
#   input exactly, not just on average — the finite-width drift you saw disappears.
# - **LSUV**, layer-sequential unit-variance (Mishkin & Matas, 2015): start from orthogonal weights,
#   then push a real batch through and rescale each layer in turn until its output variance is 1. A
#   data-driven version of this lesson's recursion, that also handles activations no formula covers.
# - **Fixup** (Zhang, Dauphin & Ma, 2019): residual networks add the branches' outputs, so variances
#   grow with depth; Fixup scales the branches' initial weights down with the number of blocks (and
#   zeroes their last layer) so that very deep residual nets train without normalization.
# - **Normalization layers** — batch normalization (Ioffe & Szegedy, 2015), layer normalization (Ba,
#   Kiros & Hinton, 2016): instead of hoping the variance stays 1, *make* it 1 at every step by
#   standardizing the pre-activations. They made networks far less sensitive to initialization,
#   though the scale of the weights still matters for the first steps and for residual branches.
# - The mean-field view of deep networks (Poole et al., 2016; Schoenholz et al., 2017) studies the
#   Gaussian recursion behind the explorer's dotted lines, including the "edge of chaos" that tanh
#   networks reach at a gain slightly above 1.
#
# ## What to remember
#
# - Zero or constant weights make every hidden unit identical, and gradient descent keeps them
#   identical; with zero weights and $g(0) = 0$ the hidden layers get no gradient at all. Random
#   initialization breaks the symmetry; biases can start at 0.
# - For independent variables, variances of sums add, and $\operatorname{Var}(XY) = \operatorname{Var}X\operatorname{Var}Y + \operatorname{Var}X(\mathbb EY)^2 + \operatorname{Var}Y(\mathbb EX)^2$.
# - Forward: $\operatorname{Var}(z^l) = n_{l-1}\operatorname{Var}(W^l)\,\mathbb E[(a^{l-1})^2]$; a deep network multiplies $L$ such
#   factors, so anything but 1 vanishes or explodes geometrically. Backward: the same with $n_l$ and $g'$.
# - LeCun $1/n_{\text{in}}$; Xavier/Glorot $2/(n_{\text{in}}+n_{\text{out}})$; He/Kaiming $2/n_{\text{in}}$ for ReLU, which halves the second
#   moment. Uniform limits are $\sqrt{3\operatorname{Var}}$; a gain scales the std, so the variance by $\text{gain}^2$;
#   `fan_in = shape[1]` for `W` of shape `(n_out, n_in)`.
# - The linear-regime formula is exact for linear and ReLU layers on average; saturating units and
#   finite width make real networks deviate — measure, as the explorer does.
#
# ## What comes next
#
# Lesson 05 is about the other half of training: how to *move* from a good starting point. You will
# write SGD, momentum, Nesterov, RMSProp and Adam as update rules, watch them on difficult surfaces in
# a second explorer, and train an MLP initialized with He's scheme — the one you derived here.
