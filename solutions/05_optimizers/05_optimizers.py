# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lesson 05 — Optimizers
#
# **Time:** about 85 minutes of focused work. **Points:** 18 — 4 for derivations, predictions and answers worked out by hand, 14 for code.
#
# Backpropagation gives the gradient. This lesson is about what to do with it: how a step is
# taken, how big it may be, and how the last few steps' gradients can make the next one better.
#
# **By the end of this lesson you will be able to**
#
# - say why gradient descent on a quadratic needs $\eta < 2/\lambda_{\max}$, show it diverging just
#   above that bound, and explain how the condition number sets the speed and causes zig-zags;
# - measure how mini-batch noise shrinks with the batch size;
# - write the update rules of SGD, momentum, Nesterov momentum, RMSProp and Adam as pure step
#   functions over a parameter array and its state, with Adam's bias correction;
# - explain what the bias correction does in the first steps, where $\epsilon$ sits, and why
#   libraries disagree about it;
# - write a step-decay learning-rate schedule and read its effect on a loss curve;
# - train a small MLP with mini-batches, momentum and step decay, and compare optimizers on it;
# - predict, then check in the optimizer playground, how each method behaves on a narrow valley,
#   a curved valley and a saddle.
#
# Exercises are graded; each test cell shows its visible checks and a hidden part runs other
# shapes, seeds and edge cases at grading time.

# %% [markdown]
# ## The conventions used in this lesson (they are graded)
#
# Optimizers have several variants that are all called by the same name. This lesson uses the
# ones below (PyTorch's forms). Every update rule is a **pure function**
#
# ```python
# w_next, state_next = rule(w, dw, state, **hyperparameters)
# ```
#
# `w` is one parameter array, `dw` its gradient $g$ (same shape), `state` the rule's memory: `None` on
# the first call, then whatever the previous call returned. The rule never modifies `w`, `dw` or
# `state`; it returns new ones. Velocities and running means start at zero.
#
# | method | update (all operations elementwise) | state |
# |---|---|---|
# | SGD | $w \leftarrow w - \eta\, g$ | none (return `{}`) |
# | momentum | $v \leftarrow \beta v + g$, $\;w \leftarrow w - \eta\, v$ | `{"v": v}` |
# | Nesterov | $v \leftarrow \beta v + g$, $\;w \leftarrow w - \eta\,(g + \beta v)$ | `{"v": v}` |
# | RMSProp | $s \leftarrow \rho s + (1-\rho)\, g^2$, $\;w \leftarrow w - \eta\, g / (\sqrt{s} + \epsilon)$ | `{"s": s}` |
# | Adam | $t \leftarrow t+1$ (first step: $t=1$), $\;m \leftarrow \beta_1 m + (1-\beta_1) g$, $\;v \leftarrow \beta_2 v + (1-\beta_2) g^2$, <br> $\hat m = m/(1-\beta_1^t)$, $\;\hat v = v/(1-\beta_2^t)$, $\;w \leftarrow w - \eta\, \hat m / (\sqrt{\hat v} + \epsilon)$ | `{"m": m, "v": v, "t": t}` |
# | step decay | $\eta_e = \eta_0 \cdot \text{factor}^{\lfloor e / \text{every} \rfloor}$, epochs $e = 0, 1, 2, \dots$ | |
#
# Here $\eta$ is the learning rate (`lr`). Note three choices that other texts make differently:
# the momentum velocity is a *sum* ($v = \beta v + g$), not an average ($v = \beta v + (1-\beta) g$);
# Adam's $\epsilon$ is added *outside* the square root; the step counter of Adam's bias correction
# is $t = 1$ on the first step. The course-wide conventions are those of
# [lesson 02](../02_jacobians/02_jacobians.ipynb) (section 1, "The course's conventions, stated once"):
# batch-first arrays `(B, n)`, a layer computes `Z = A @ W.T + b` with `W` of shape `(n_out, n_in)`,
# gradients have the shape of what they are taken with respect to (`dw.shape == w.shape`), and
# losses are averaged over the batch.

# %%
import numpy as np
import matplotlib.pyplot as plt

from backprop.checking import check_close, check_true, passed, ready, recorded
from backprop.data import regression_1d
from backprop.losses import mse_loss
from backprop.mlp import MLP
from backprop.surfaces import quadratic


def run_steps(update, w0, grads, **hyper):
    # Apply `update` once per row of `grads`, starting from w0 with state None.
    # Returns an array whose row 0 is w0 and row t the weights after step t.
    w, state, rows = np.array(w0, dtype=float), None, [np.array(w0, dtype=float)]
    for g in grads:
        w, state = update(w, g, state, **hyper)
        rows.append(np.array(w, dtype=float))
    return np.stack(rows)


# %% [markdown]
# The conventions above, checked numerically on the reference implementation you will match
# (each line is one claim of the table):

# %%
w, g = np.array([1.0, -2.0]), np.array([0.5, -1e-4])
ref = recorded("05_optimizers", "conventions", w, g)   # the reference's first steps: momentum (lr 0.1, β 0.9), Adam (lr 0.01)
w1 = ref["momentum w1"]
print("momentum, first step equals SGD's (v starts at 0):", np.allclose(w1, w - 0.1 * g))
w1 = ref["adam w1"]
print("Adam, first step: t =", ref["adam t"], "and every entry moves by lr * g / (|g| + eps):",
      np.allclose(w1, w - 0.01 * g / (np.abs(g) + 1e-8)))
print("Adam stores m and v without the correction:", np.allclose(ref["adam m"], 0.1 * g))
print("eps outside the square root: step of the tiny entry =", (w - w1)[1],
      " (inside would give", 0.01 * g[1] / np.sqrt(g[1] ** 2 + 1e-8), ")")

# %% [markdown]
# ## 1. Gradient descent on a quadratic
#
# Close to a minimum, any smooth loss looks like a quadratic bowl, so the quadratic is where step
# sizes are understood. Take
#
# $$f(w) = \tfrac12\, w^\top H w, \qquad \nabla f(w) = H w,$$
#
# with $H$ symmetric and positive definite, eigenvalues $0 < \lambda_{\min} \le \dots \le \lambda_{\max}$.
# One gradient step is a linear map,
#
# $$w_{t+1} = w_t - \eta H w_t = (I - \eta H)\, w_t .$$
#
# In the eigenvector basis of $H$ the coordinates do not mix: coordinate $i$ is multiplied by
# $(1 - \eta\lambda_i)$ at every step. So
#
# - the iteration **converges iff $|1 - \eta \lambda_i| < 1$ for every $i$, i.e. $0 < \eta < 2/\lambda_{\max}$**;
#   just above the bound the steepest coordinate grows by $|1 - \eta\lambda_{\max}| > 1$ per step;
# - when $1/\lambda_{\max} < \eta < 2/\lambda_{\max}$ the factor of the steep direction is negative: the
#   iterate jumps from one wall of the valley to the other, the **zig-zag**;
# - the flat direction shrinks only by $1 - \eta\lambda_{\min}$ per step. The best single step size,
#   $\eta = 2/(\lambda_{\min} + \lambda_{\max})$, gives the rate $(\kappa - 1)/(\kappa + 1)$ with the
#   **condition number** $\kappa = \lambda_{\max}/\lambda_{\min}$: the number of steps needed grows
#   roughly in proportion to $\kappa$.
#
# Below: the quadratic with eigenvalues 0.5 and 20 ($\kappa = 40$, bound $2/\lambda_{\max} = 0.1$),
# 40 steps at three learning rates.

# %%
surf = quadratic(lam=(0.5, 20.0))               # f = (0.5 x^2 + 20 y^2) / 2
X, Y, F = surf.grid(150)
lrs = {"lr = 0.105 (diverges)": 0.105, "lr = 0.095 (zig-zag)": 0.095, "lr = 0.04 (smooth)": 0.04}

fig, (ax, ax2) = plt.subplots(1, 2, figsize=(11, 4))
ax.contour(X, Y, F, levels=np.geomspace(0.01, 200, 12), colors="0.6", linewidths=0.7)
for (label, lr), color in zip(lrs.items(), ("tab:red", "tab:orange", "tab:blue")):
    w, path = np.array(surf.start), [np.array(surf.start)]
    for _ in range(40):
        w = w - lr * surf.grad(w)                  # plain gradient descent
        path.append(w)
    path = np.array(path)
    shown = path[:9] if lr > 0.1 else path         # the diverging run leaves the panel after ~6 steps
    ax.plot(shown[:, 0], shown[:, 1], ".-", ms=3, lw=1, color=color,
            label=label + (", first 8 steps" if lr > 0.1 else ""))
    ax2.semilogy(surf.f(path), color=color, label=label)
ax.set(xlim=surf.xlim, ylim=surf.ylim, xlabel="x (curvature 0.5)", ylabel="y (curvature 20)",
       title="gradient descent on a quadratic, bound 2/λmax = 0.1")
ax.legend(loc="lower right", fontsize=8)
ax2.set(xlabel="step", ylabel="f(w) (log scale)", title="loss per step")
ax2.legend(fontsize=8)
plt.show()

# %% [markdown]
# Just below the bound ($\eta = 0.095$, factor $1 - 0.095 \cdot 20 = -0.9$) the steep coordinate
# flips sign every step and shrinks slowly; just above it ($\eta = 0.105$, factor $-1.1$) it grows
# by 10 % per step and the loss explodes. Along $x$ every run crawls: the factor is
# $1 - 0.5\,\eta > 0.94$. That is the condition number at work. The next cell counts the steps
# gradient descent needs (at its best learning rate) to divide the loss by $10^6$, for growing $\kappa$.

# %%
kappas = np.array([1, 2, 5, 10, 20, 50, 100, 200, 500, 1000])
steps_needed = []
for kappa in kappas:
    lam = np.array([1.0, kappa])                   # a diagonal H: coordinates are independent
    lr = 2 / (lam.min() + lam.max())               # the best single learning rate
    w, f0, t = np.ones(2), 0.5 * np.sum(lam), 0
    while 0.5 * np.sum(lam * w**2) > 1e-6 * f0:
        w = w - lr * lam * w
        t += 1
    steps_needed.append(t)

fig, ax = plt.subplots(figsize=(5.5, 3.6))
ax.loglog(kappas, steps_needed, "o-", label="measured")
rate = (kappas - 1) / (kappas + 1)
ax.loglog(kappas[1:], np.log(1e-6) / (2 * np.log(rate[1:])), "--", label="predicted from (κ-1)/(κ+1)")
ax.set(xlabel="condition number κ = λmax / λmin", ylabel="steps to divide f by 1e6",
       title="gradient descent slows down in proportion to κ")
ax.legend()
plt.show()


# %% [markdown]
# ### Exercise 1 — the SGD step
#
# Write `sgd_update(w, dw, state, lr)`: return the SGD step of the table and an empty state. It must not modify `w`
# (return a new array; `w -= ...` would change the caller's array).
# Shapes: `w` and `dw` any shape, the same; the result has that shape.

# %% nbgrader={"grade": false, "grade_id": "sgd_update", "locked": false, "schema_version": 3, "solution": true, "task": false}
def sgd_update(w, dw, state=None, lr=1e-2):
    """One SGD step. w, dw: arrays of the same shape. state: ignored (SGD has no memory).
    Returns (w_next, {}), w_next a new array of w's shape (w itself is not modified)."""
    ### BEGIN SOLUTION
    return w - lr * dw, {}
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_sgd_update", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
w0 = np.array([1.0, -2.0, 0.5])
g = np.array([0.5, -1.0, 2.0])
w1, state = sgd_update(w0, g, None, lr=0.1)
check_close("w after one SGD step, lr = 0.1", w1, np.array([0.95, -1.9, 0.3]),
            mistakes={"the step climbs the gradient (w + lr dw)": w0 + 0.1 * g,
                      "the learning rate is missing (w - dw)": w0 - g})
check_close("w0 after the call (must be unchanged)", w0, np.array([1.0, -2.0, 0.5]))
grads = np.random.default_rng(0).normal(size=(4, 3))
check_close("SGD trajectory (row t: w after step t)", run_steps(sgd_update, w0, grads, lr=0.3),
            recorded("05_optimizers", "SGD trajectory", w0, grads))
passed("sgd_update")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('05_optimizers', 'test_sgd_update', globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 2. Stochastic gradients: mini-batch noise
#
# The loss is a mean over $N$ examples, $\mathcal{L}(w) = \frac1N\sum_i \ell_i(w)$, and so is its gradient. A
# mini-batch of $B$ examples drawn at random gives an **unbiased** estimate of it whose noise shrinks
# with $B$: for $B$ examples drawn without replacement,
#
# $$\operatorname{Var}\big[\hat g_B\big] = \frac{\sigma^2}{B}\cdot\frac{N - B}{N - 1},$$
#
# where $\sigma^2$ is the variance of one example's gradient. Quadrupling the batch halves the
# noise's standard deviation, at four times the cost per step. The cell below measures it for a
# straight-line fit $\hat y = a x + c$ to the lesson's 1-D data ($N = 200$), at $a = c = 0$.

# %%
Xd, Yd = regression_1d(n=200, noise=0.1, rng=0)
x, y = Xd[:, 0], Yd[:, 0]
N = len(x)

def line_grad(idx, a, c):
    # gradient of the batch-mean squared error of y ~ a x + c over the examples idx
    r = a * x[idx] + c - y[idx]
    return np.array([np.mean(2 * r * x[idx]), np.mean(2 * r)])

full = line_grad(np.arange(N), 0.0, 0.0)
per_example = np.array([line_grad([i], 0.0, 0.0) for i in range(N)])
sigma2 = per_example.var(axis=0, ddof=0).sum()                 # trace of one example's covariance
rng = np.random.default_rng(1)
batch_sizes = np.array([1, 2, 5, 10, 20, 50, 100])
measured = []
for B in batch_sizes:
    gs = np.array([line_grad(rng.choice(N, B, replace=False), 0.0, 0.0) for _ in range(800)])
    measured.append(np.sum((gs - full) ** 2, axis=1).mean())
print(f"one example's gradient variance sigma^2 = {sigma2:.3f}; measured E|g_B - grad L|^2 for B = 1, 10, 100:",
      np.round(np.array(measured)[[0, 3, 6]], 4))

# %% [markdown]
# What the noise does to training: the same line fit trained by mini-batch SGD with batches of 1, 10
# and the full 200, for 15 passes over the data (a pass is $N/B$ steps, each on a freshly drawn batch, so
# unlike an epoch a pass need not visit every example). Left, the measured noise
# against the formula; right, the full-data loss after every step.

# %%
# the same fit trained by mini-batch SGD. Each step draws a fresh random batch of B examples, so a
# "pass" here is N / B steps, not an epoch (an epoch visits every example once, in one shuffled order)
curves = {}
for B in (1, 10, 200):
    rng_b = np.random.default_rng(2)
    a = c = 0.0
    losses = []
    for epoch in range(15):
        for start in range(0, N, B):
            idx = rng_b.permutation(N)[:B] if B < N else np.arange(N)
            ga, gc = line_grad(idx, a, c)
            a, c = a - 0.01 * ga, c - 0.01 * gc
            losses.append(np.mean((a * x + c - y) ** 2))
    curves[B] = np.array(losses)

fig, (ax, ax2) = plt.subplots(1, 2, figsize=(11, 3.8))
ax.loglog(batch_sizes, measured, "o", label="measured (800 batches each)")
ax.loglog(batch_sizes, sigma2 / batch_sizes * (N - batch_sizes) / (N - 1), "-",
          label="σ²/B · (N-B)/(N-1)")
ax.set(xlabel="batch size B", ylabel="E|ĝ_B − ∇L|²", title="mini-batch gradient noise")
ax.legend(fontsize=8)
for B, L in curves.items():
    ax2.plot(np.arange(1, len(L) + 1) * B / N, L, label=f"B = {B}", lw=1)
ax2.set(xlabel="epochs (passes over the data)", ylabel="full-data loss", ylim=(0.115, 0.2),
        title="SGD on a line fit, lr = 0.01")
ax2.legend(fontsize=8)
plt.show()

# %% [markdown]
# Per pass over the data, small batches take many more (noisier) steps and get ahead early; the
# full batch takes one clean step per pass. With a fixed learning rate the small-batch loss never
# settles: it keeps jittering at a level set by the noise, which is one reason to lower the
# learning rate later in training (section 6).

# %% [markdown]
# ## 3. Momentum and Nesterov
#
# **Heavy-ball momentum** keeps a velocity, a running sum of past gradients with decay $\beta$:
#
# $$v_t = \beta v_{t-1} + g_t = \sum_{k \le t} \beta^{\,t-k} g_k, \qquad w_{t+1} = w_t - \eta\, v_t .$$
#
# Where the gradient keeps the same sign (the flat floor of a valley) the terms add up, and with a
# constant gradient $v \to g/(1-\beta)$: the step is $1/(1-\beta)$ times larger (10× for $\beta = 0.9$).
# Where it flips sign every step (across the valley) consecutive terms cancel and the zig-zag is damped.
# On a quadratic, well-tuned momentum needs about $\sqrt{\kappa}$ steps where gradient descent needs $\kappa$.
#
# **Nesterov momentum** evaluates the gradient after a look-ahead step along the velocity. In the
# form PyTorch uses, which only needs the gradient at the current $w$,
#
# $$v_t = \beta v_{t-1} + g_t, \qquad w_{t+1} = w_t - \eta\,(g_t + \beta v_t),$$
#
# the step mixes the fresh gradient with the velocity and reacts a step earlier when the slope turns.
#
# Both start from $v_0 = 0$, so their first steps are $\eta g_1$ and $\eta(1+\beta) g_1$.

# %%
fig, (ax, ax2) = plt.subplots(1, 2, figsize=(11, 4))
ax.contour(X, Y, F, levels=np.geomspace(0.01, 200, 12), colors="0.6", linewidths=0.7)
# the reference rules' paths from surf.start, 80 steps each (recorded)
runs = recorded("05_optimizers", "momentum demonstration paths", np.array(surf.start), 80)
for label, path in runs.items():
    ax.plot(path[:, 0], path[:, 1], ".-", ms=3, label=label)
    ax2.semilogy(surf.f(path), label=label)
ax.set(xlim=surf.xlim, ylim=surf.ylim, xlabel="x", ylabel="y", title="same learning rate, with and without momentum")
ax.legend(loc="lower right", fontsize=8)
ax2.set(xlabel="step", ylabel="f(w) (log scale)", title="loss per step (κ = 40)")
ax2.legend(fontsize=8)
plt.show()


# %% [markdown]
# **By hand first (1 point).** Start at $w_0 = 0$ with a constant gradient $g = 1$, $\eta = 1$ and $\beta = \tfrac12$.
# Work out the weights after each of the first three steps of heavy-ball momentum, and of Nesterov momentum
# (both in the form of the table, $v_0 = 0$). Return them from `momentum_by_hand` as two tuples of three
# exact numbers. What do the velocities tend to, and how much larger than SGD's step is the steady step?

# %% nbgrader={"grade": false, "grade_id": "momentum_by_hand", "locked": false, "schema_version": 3, "solution": true, "task": false}
def momentum_by_hand():
    """((w1, w2, w3) of heavy-ball momentum, (w1, w2, w3) of Nesterov) for w0 = 0, g = 1, lr = 1, beta = 1/2: two tuples of 3 numbers, shapes (3,) and (3,)."""
    ### BEGIN SOLUTION
    return (-1.0, -2.5, -4.25), (-1.5, -3.25, -5.125)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_momentum_by_hand", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
heavy, nesterov = momentum_by_hand()
check_true(len(heavy) == 3 and len(nesterov) == 3, "momentum_by_hand() must return two tuples of three numbers")
check_true(all(float(b) < float(a) for a, b in zip(heavy, heavy[1:])),
           "with a positive constant gradient every step moves w down: w1 > w2 > w3")
passed("momentum_by_hand (its values are checked at grading)")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('05_optimizers', 'test_momentum_by_hand', globals())
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 2 — momentum
#
# Write `momentum_update(w, dw, state, lr, beta)` following the table: on the first call
# `state` is `None` (the velocity is zero); return the new weights and `{"v": v}`.
# Do not modify `w`, `dw` or `state["v"]` in place.

# %% nbgrader={"grade": false, "grade_id": "momentum_update", "locked": false, "schema_version": 3, "solution": true, "task": false}
def momentum_update(w, dw, state=None, lr=1e-2, beta=0.9):
    """Heavy-ball momentum, in the PyTorch form of section 3 (v starts at 0).
    w, dw: same shape. state: None (first call) or {"v": v}. Returns (w_next, {"v": v})."""
    ### BEGIN SOLUTION
    v_prev = np.zeros_like(w) if state is None else state["v"]
    v = beta * v_prev + dw
    return w - lr * v, {"v": v}
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_momentum_update", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
w0 = np.array([1.0, -2.0, 0.5])
g1, g2 = np.array([0.5, -1.0, 2.0]), np.array([-0.25, 3.0, 1.0])
w1, s1 = momentum_update(w0, g1, None, lr=0.1, beta=0.9)
check_close("first momentum step w1 - w0 (v starts at 0, so it equals -lr g1)", w1 - w0, -0.1 * g1,
            mistakes={"the step used the old velocity (0 on the first call): update v first, then step with it":
                          np.zeros(3),
                      "v = beta v + (1 - beta) g, an average instead of a sum": -0.1 * 0.1 * g1})
w2, s2 = momentum_update(w1, g2, s1, lr=0.1, beta=0.9)
check_close("second momentum step w2 - w1 = -lr (beta g1 + g2)", w2 - w1, -0.1 * (0.9 * g1 + g2),
            mistakes={"the velocity forgot its previous value (v = g2)": -0.1 * g2,
                      "v = beta v + (1 - beta) g, an average instead of a sum":
                          -0.1 * (0.9 * 0.1 * g1 + 0.1 * g2)})
grads = np.random.default_rng(0).normal(size=(6, 3))
check_close("momentum trajectory, 6 steps", run_steps(momentum_update, w0, grads, lr=0.05, beta=0.8),
            recorded("05_optimizers", "momentum trajectory", w0, grads))
passed("momentum_update")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('05_optimizers', 'test_momentum_update', globals())
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 3 — Nesterov momentum
#
# Write `nesterov_update(w, dw, state, lr, beta)`: the same velocity as momentum, but the step is
# $-\eta\,(g + \beta v)$ with the *new* velocity $v$.

# %% nbgrader={"grade": false, "grade_id": "nesterov_update", "locked": false, "schema_version": 3, "solution": true, "task": false}
def nesterov_update(w, dw, state=None, lr=1e-2, beta=0.9):
    """Nesterov momentum, in the PyTorch form you derived in section 3 (v starts at 0).
    w, dw: same shape. state: None (first call) or {"v": v}. Returns (w_next, {"v": v})."""
    ### BEGIN SOLUTION
    v_prev = np.zeros_like(w) if state is None else state["v"]
    v = beta * v_prev + dw
    return w - lr * (dw + beta * v), {"v": v}
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_nesterov_update", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
w0 = np.array([1.0, -2.0, 0.5])
g1, g2 = np.array([0.5, -1.0, 2.0]), np.array([-0.25, 3.0, 1.0])
w1, s1 = nesterov_update(w0, g1, None, lr=0.1, beta=0.9)
check_close("first Nesterov step w1 - w0 = -lr (1 + beta) g1", w1 - w0, -0.1 * 1.9 * g1,
            mistakes={"plain momentum: the look-ahead term beta v is missing": -0.1 * g1})
w2, s2 = nesterov_update(w1, g2, s1, lr=0.1, beta=0.9)
v2 = 0.9 * g1 + g2
check_close("second Nesterov step w2 - w1 = -lr (g2 + beta v2)", w2 - w1, -0.1 * (g2 + 0.9 * v2),
            mistakes={"plain momentum (w - lr v2): the look-ahead is missing": -0.1 * v2,
                      "the state kept the step direction g1 + beta v1 instead of v1":
                          -0.1 * (g2 + 0.9 * (0.9 * 1.9 * g1 + g2)),
                      "the velocity forgot its previous value (v2 = g2)": -0.1 * 1.9 * g2})
grads = np.random.default_rng(0).normal(size=(6, 3))
check_close("Nesterov trajectory, 6 steps", run_steps(nesterov_update, w0, grads, lr=0.05, beta=0.8),
            recorded("05_optimizers", "Nesterov trajectory", w0, grads))
passed("nesterov_update")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('05_optimizers', 'test_nesterov_update', globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 4. RMSProp: a step size per parameter
#
# Momentum still uses one learning rate for every parameter, so the steepest direction decides how
# large it may be. **RMSProp** divides each entry's step by a running root-mean-square of that
# entry's own gradients:
#
# $$s_t = \rho\, s_{t-1} + (1-\rho)\, g_t^2, \qquad w_{t+1} = w_t - \eta\, \frac{g_t}{\sqrt{s_t} + \epsilon}.$$
#
# An entry with large gradients gets a small factor, one with small gradients a large one; when
# the gradient of an entry is steady, its step is about $\eta$ whatever the gradient's size.
# $\epsilon$ (here $10^{-8}$) only guards against dividing by zero. There is no bias correction:
# $s$ starts at 0, so the first steps are larger than $\eta$ (by $1/\sqrt{1-\rho}$ on the first one).

# %%
fig, (ax, ax2) = plt.subplots(1, 2, figsize=(11, 4))
ax.contour(X, Y, F, levels=np.geomspace(0.01, 200, 12), colors="0.6", linewidths=0.7)
# the reference rules' paths from surf.start, 60 steps each (recorded)
runs = recorded("05_optimizers", "RMSProp demonstration paths", np.array(surf.start), 60)
for label, path in runs.items():
    ax.plot(path[:, 0], path[:, 1], ".-", ms=3, label=label)
    ax2.semilogy(np.abs(np.diff(path, axis=0)), label=[f"{label}: |Δx|", f"{label}: |Δy|"])
ax.set(xlim=surf.xlim, ylim=surf.ylim, xlabel="x", ylabel="y", title="one lr for all (SGD) vs per-entry scaling (RMSProp)")
ax.legend(loc="lower right", fontsize=8)
ax2.set(xlabel="step", ylabel="|step| per coordinate (log scale)", title="step sizes along x and y")
ax2.legend(fontsize=7)
plt.show()


# %% [markdown]
# SGD's steps along $y$ start 13 times larger than along $x$ (so is the gradient) and bounce between
# the walls; along the flat $x$ direction they are small and keep shrinking. RMSProp's first step
# is the same size in both coordinates ($\eta/\sqrt{1-\rho} \approx 0.16$); afterwards $y$ settles
# on the valley floor while $x$ keeps moving by about $\eta$ per step, however small its gradient. The price: its step no longer shrinks with the gradient, so with a fixed
# $\eta$ it hovers around a minimum instead of landing on it.
#
# ### Exercise 4 — RMSProp
#
# Write `rmsprop_update(w, dw, state, lr, rho, eps)`: state `{"s": s}`, $s$ starting at 0,
# $\epsilon$ added **outside** the square root.

# %% nbgrader={"grade": false, "grade_id": "rmsprop_update", "locked": false, "schema_version": 3, "solution": true, "task": false}
def rmsprop_update(w, dw, state=None, lr=1e-3, rho=0.9, eps=1e-8):
    """RMSProp as defined in section 4 (s starts at 0, eps added outside the square root).
    w, dw: same shape. state: None (first call) or {"s": s}. Returns (w_next, {"s": s})."""
    ### BEGIN SOLUTION
    s_prev = np.zeros_like(w) if state is None else state["s"]
    s = rho * s_prev + (1 - rho) * dw**2
    return w - lr * dw / (np.sqrt(s) + eps), {"s": s}
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_rmsprop_update", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
w0 = np.array([1.0, -2.0, 0.5])
g1, g2 = np.array([0.5, -1.0, 2e-4]), np.array([-0.25, 3.0, 1e-4])
w1, s1 = rmsprop_update(w0, g1, None, lr=0.01, rho=0.9, eps=1e-8)
s_1 = 0.1 * g1**2
check_close("first RMSProp step w1 - w0", w1 - w0, -0.01 * g1 / (np.sqrt(s_1) + 1e-8),
            mistakes={"the decay is on the wrong term: s = (1 - rho) s + rho g^2":
                          -0.01 * g1 / (np.sqrt(0.9 * g1**2) + 1e-8),
                      "eps inside the square root": -0.01 * g1 / np.sqrt(s_1 + 1e-8),
                      "s was bias-corrected like Adam's v (RMSProp here has no correction)":
                          -0.01 * g1 / (np.abs(g1) + 1e-8),
                      "divided by s instead of sqrt(s)": -0.01 * g1 / (s_1 + 1e-8)})
w2, s2 = rmsprop_update(w1, g2, s1, lr=0.01, rho=0.9, eps=1e-8)
s_2 = 0.9 * s_1 + 0.1 * g2**2
check_close("second RMSProp step w2 - w1", w2 - w1, -0.01 * g2 / (np.sqrt(s_2) + 1e-8))
grads = np.random.default_rng(0).normal(size=(6, 3)) * np.array([1.0, 1e-2, 1e-4])
check_close("RMSProp trajectory, 6 steps",
            run_steps(rmsprop_update, w0, grads, lr=0.01, rho=0.9, eps=1e-8),
            recorded("05_optimizers", "RMSProp trajectory", w0, grads))
passed("rmsprop_update")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('05_optimizers', 'test_rmsprop_update', globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 5. Adam: momentum + RMSProp + bias correction
#
# Adam keeps both running means, of the gradient ($m$, like momentum but an average) and of its
# square ($v$, like RMSProp), and steps by their ratio:
#
# $$m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t,\qquad v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2,$$
# $$\hat m_t = \frac{m_t}{1-\beta_1^t},\qquad \hat v_t = \frac{v_t}{1-\beta_2^t},\qquad
# w_{t+1} = w_t - \eta\,\frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}.$$
#
# **Why the correction.** $m$ and $v$ start at 0, so early on they are too small: with a constant
# gradient $g$, $m_t = (1-\beta_1^t)\, g$ and $v_t = (1-\beta_2^t)\, g^2$. Dividing by $1-\beta^t$ undoes
# exactly that shrinkage, so $\hat m_1 = g$, $\hat v_1 = g^2$ and the first step is $\eta\,g/(|g|+\epsilon) \approx \eta$
# in every entry. Without the correction the first step is $\eta\,(1-\beta_1)/\sqrt{1-\beta_2} \approx 3.16\,\eta$
# with the defaults, and because $v$ warms up much more slowly than $m$ ($\beta_2 = 0.999$ remembers
# about 1000 steps) the uncorrected steps stay too large for hundreds of steps. The step counter
# must be $t = 1$ at the first step: with $t = 0$ the correction divides by zero, with $t = 2$ it is
# wrong by a factor.
#
# **The usual defaults:** $\eta = 10^{-3}$, $\beta_1 = 0.9$, $\beta_2 = 0.999$, $\epsilon = 10^{-8}$.

# %%
def adam_no_correction(w, dw, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m, v = (0.0, 0.0) if state is None else (state["m"], state["v"])
    m = beta1 * m + (1 - beta1) * dw
    v = beta2 * v + (1 - beta2) * dw**2
    return w - lr * m / (np.sqrt(v) + eps), {"m": m, "v": v}

rng = np.random.default_rng(0)
grads = (1.0 + 0.3 * rng.normal(size=300))[:, None]          # a noisy gradient of mean 1
with_c = recorded("05_optimizers", "Adam with bias correction, noisy gradient", grads)   # the reference's Adam, lr 1e-3
without = run_steps(adam_no_correction, [0.0], grads, lr=1e-3)
step_with, step_without = -np.diff(with_c[:, 0]) / 1e-3, -np.diff(without[:, 0]) / 1e-3
print("step / lr for the first 5 steps")
print("  with bias correction:   ", np.round(step_with[:5], 3))
print("  without bias correction:", np.round(step_without[:5], 3))

fig, ax = plt.subplots(figsize=(6.5, 3.6))
ax.plot(np.arange(1, 301), step_with, label="with bias correction")
ax.plot(np.arange(1, 301), step_without, label="without")
ax.set(xlabel="step t", ylabel="step size / lr", xscale="log",
       title="Adam's first steps on a noisy gradient of mean 1")
ax.legend()
plt.show()

# %% [markdown]
# **Where $\epsilon$ sits, and why it matters.** $\epsilon$ is there to avoid a division by zero, but it
# also sets a scale below which gradients are *not* normalized. With $\epsilon$ outside the root the
# first step is $\eta\,|g|/(|g| + \epsilon)$: full size until $|g|$ approaches $\epsilon = 10^{-8}$. With
# $\epsilon$ inside, $\eta\,|g|/\sqrt{g^2 + \epsilon}$, the step already shrinks when $|g|$ approaches
# $\sqrt{\epsilon} = 10^{-4}$, a gradient size that is common. Libraries differ: PyTorch adds
# $\epsilon$ to $\sqrt{\hat v}$, as here; Keras and TensorFlow fold the bias correction into the
# learning rate, $\eta_t = \eta\sqrt{1-\beta_2^t}/(1-\beta_1^t)$, and add their $\epsilon$ (default
# $10^{-7}$, the paper's "$\hat\epsilon$") to the *uncorrected* $\sqrt{v}$, which amounts to
# $\epsilon/\sqrt{1-\beta_2^t}$ in our formula: about 30 times larger on the first step, shrinking as
# $t$ grows; Optax has both an `eps` outside the root and an `eps_root` inside it. The same "Adam,
# $\epsilon = 10^{-8}$" can therefore mean different steps for small gradients: always state the convention, as this lesson does.

# %%
gsize = np.geomspace(1e-10, 1, 200)
fig, ax = plt.subplots(figsize=(6.5, 3.6))
ax.loglog(gsize, gsize / (gsize + 1e-8), label="ε outside: |g| / (|g| + ε)")
ax.loglog(gsize, gsize / np.sqrt(gsize**2 + 1e-8), label="ε inside: |g| / sqrt(g² + ε)")
ax.axvline(1e-8, color="0.6", ls=":")
ax.axvline(1e-4, color="0.6", ls="--")
ax.set(xlabel="gradient size |g|", ylabel="Adam's first step / lr",
       title="ε = 1e-8 outside vs inside the square root")
ax.legend()
plt.show()


# %% [markdown]
# ### Exercise 5 — Adam
#
# Write `adam_update(w, dw, state, lr, beta1, beta2, eps)` following the table: state
# `{"m": m, "v": v, "t": t}` (start from zeros and `t = 0`, increment `t` *before* the correction
# so that the first step uses $t = 1$), store $m$ and $v$ **uncorrected**, and put $\epsilon$
# outside the square root.

# %% nbgrader={"grade": false, "grade_id": "adam_update", "locked": false, "schema_version": 3, "solution": true, "task": false}
def adam_update(w, dw, state=None, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    """Adam with bias correction (first step t = 1) and eps outside the square root.
    w, dw: same shape. state: None (first call) or {"m": m, "v": v, "t": t}.
    Returns (w_next, {"m": m, "v": v, "t": t})."""
    ### BEGIN SOLUTION
    if state is None:
        m, v, t = np.zeros_like(w), np.zeros_like(w), 0
    else:
        m, v, t = state["m"], state["v"], state["t"]
    t = t + 1
    m = beta1 * m + (1 - beta1) * dw
    v = beta2 * v + (1 - beta2) * dw**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), {"m": m, "v": v, "t": t}
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_adam_update", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
w0 = np.array([1.0, -2.0, 0.5, 0.0])
g1, g2 = np.array([0.5, -1.0, 2e-4, 3.0]), np.array([-0.25, 3.0, 1e-4, 3.0])
lr, b1, b2, eps = 0.01, 0.9, 0.999, 1e-8
w1, s1 = adam_update(w0, g1, None, lr=lr, beta1=b1, beta2=b2, eps=eps)
check_true(np.all(np.isfinite(w1)), "the first Adam step gave NaN or inf. With t = 0 the bias correction divides "
           "by 1 - beta**0 = 0: increment t before the correction, so that the first step uses t = 1.")
check_close("first Adam step w1 - w0 (t = 1: mhat = g, vhat = g^2)", w1 - w0,
            -lr * g1 / (np.abs(g1) + eps),
            mistakes={"no bias correction": -lr * 0.1 * g1 / (np.sqrt(0.001 * g1**2) + eps),
                      "the first step used t = 2 in the bias correction":
                          -lr * (0.1 * g1 / (1 - b1**2)) / (np.sqrt(0.001 * g1**2 / (1 - b2**2)) + eps),
                      "eps inside the square root": -lr * g1 / np.sqrt(g1**2 + eps),
                      "m is bias-corrected but v is not": -lr * g1 / (np.sqrt(0.001 * g1**2) + eps)})
w2, s2 = adam_update(w1, g2, s1, lr=lr, beta1=b1, beta2=b2, eps=eps)
m2 = b1 * (1 - b1) * g1 + (1 - b1) * g2
v2 = b2 * (1 - b2) * g1**2 + (1 - b2) * g2**2
check_close("second Adam step w2 - w1 (t = 2)", w2 - w1,
            -lr * (m2 / (1 - b1**2)) / (np.sqrt(v2 / (1 - b2**2)) + eps))
check_close("w0 after two steps (must be unchanged)", w0, np.array([1.0, -2.0, 0.5, 0.0]))
grads = np.random.default_rng(0).normal(size=(8, 4)) * np.array([1.0, 1e-2, 1e-4, 1e-5])
check_close("Adam trajectory, 8 steps",
            run_steps(adam_update, w0, grads, lr=0.05, beta1=0.8, beta2=0.99, eps=1e-8),
            recorded("05_optimizers", "Adam trajectory", w0, grads))
passed("adam_update")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('05_optimizers', 'test_adam_update', globals())
### END HIDDEN TESTS

# %% [markdown]
# A close relative you will meet everywhere is **AdamW**: Adam plus a
# weight decay that is applied directly to the weights, $w \leftarrow w - \eta\lambda w$, instead of
# being added to the gradient (where Adam's normalization would rescale it).

# %% [markdown]
# ## 6. Learning-rate schedules: step decay
#
# A large learning rate makes fast progress early; near the end its steps (and, with mini-batches,
# its noise) keep the loss from settling. A **schedule** lowers it as training goes on. The simplest
# is **step decay**: keep $\eta_0$ for `every` epochs, then multiply by `factor`, and so on,
#
# $$\eta_e = \eta_0 \cdot \text{factor}^{\lfloor e/\text{every}\rfloor}, \qquad e = 0, 1, 2, \dots$$
#
# With `factor = 0.5, every = 10`: epochs 0–9 use $\eta_0$, epochs 10–19 use $\eta_0/2$, epochs 20–29
# use $\eta_0/4$. What a drop does depends on what holds the loss up. When it is the noise of large
# steps, the loss settles lower after the drop; on the small problem of section 7 there is no sudden
# descent at the drops, but the epoch-to-epoch jitter shrinks (see the figure there).
#
# ### Exercise 6 — step decay
#
# Write `step_decay(epoch, lr0, factor=0.5, every=10)` returning the learning rate of `epoch`
# (a float; epochs count from 0).

# %% nbgrader={"grade": false, "grade_id": "step_decay", "locked": false, "schema_version": 3, "solution": true, "task": false}
def step_decay(epoch, lr0, factor=0.5, every=10):
    """Learning rate (a float) of `epoch`, counted from 0, under the step-decay schedule above."""
    ### BEGIN SOLUTION
    return lr0 * factor ** (epoch // every)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_step_decay", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
got = np.array([step_decay(e, 0.1) for e in range(31)], dtype=float)
expected = np.array([0.1] * 10 + [0.05] * 10 + [0.025] * 10 + [0.0125])
check_close("step_decay(e, 0.1) for e = 0..30", got, expected, rtol=1e-12, atol=0.0,
            mistakes={"the rate drops one epoch early (epoch 9 already halved)":
                          np.array([0.1] * 9 + [0.05] * 10 + [0.025] * 10 + [0.0125] * 2),
                      "the rate drops one epoch late (epochs counted from 1: epoch 10 still uses lr0)":
                          np.array([0.1] * 11 + [0.05] * 10 + [0.025] * 10),
                      "epoch % every instead of epoch // every": 0.1 * 0.5 ** (np.arange(31) % 10),
                      "a smooth decay lr0 * factor ** (epoch / every) instead of steps":
                          0.1 * 0.5 ** (np.arange(31) / 10)})
check_close("step_decay(7, 2.0, factor=0.1, every=3)", step_decay(7, 2.0, factor=0.1, every=3),
            2.0 * 0.1 * 0.1, rtol=1e-12, atol=0.0)
passed("step_decay")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('05_optimizers', 'test_step_decay', globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 7. Training a small MLP with momentum and step decay
#
# Now all the pieces together, on the 1-D regression data of lesson 03: $N = 200$ points
# $(x, y)$, $x$ uniform in $[-3, 3]$, $y = \tfrac12\sin 2x + x/4$ plus Gaussian noise of standard
# deviation 0.1. The network, the loss and backward come from the package (`MLP`, `mse_loss`; you
# wrote them in lesson 03); you write the loop.
#
# One preparation step matters: the inputs are **rescaled** to unit standard deviation,
# $x \leftarrow x / \operatorname{std}(x)$. (Full standardization would also subtract the mean, $x \leftarrow (x - \bar x)/\operatorname{std}(x)$;
# here the mean is already small, about 0.13 after rescaling, so the scale is what matters.)
# With raw inputs up to $|x| = 3$, a He-initialized network starts with outputs, and gradients,
# several times larger, and with momentum 0.9 an unlucky initialization can blow up in the first
# epoch or kill most ReLUs. (Try it once you are done: pass `X_raw` instead of `X_train` below and
# a few different seeds.)
#
# ### Exercise 7 — the training loop
#
# Write `train_mlp(X, Y, update, lr0, hyper, epochs=30, batch_size=10, seed=0, factor=0.5, every=10)`:
#
# 1. `net = MLP([1, 32, 32, 1], activation="relu", init="he_normal", rng=seed)` (He init, biases 0);
#    `rng = np.random.default_rng(seed)` for the shuffling;
# 2. keep one optimizer `state` per parameter of `net.parameters()` (a list, all `None` at first);
# 3. for each epoch $e = 0, \dots$, `epochs - 1`: set `lr = step_decay(e, lr0, factor, every)`; shuffle
#    the example indices with `rng.permutation`; for each consecutive mini-batch of `batch_size` of
#    them: `net.forward`, `mse_loss`, `net.backward`, then for every parameter `p` with gradient `g`
#    (`zip(net.parameters(), net.gradients())`) call `update(p, g, state, lr=lr, **hyper)` and
#    write the result **into** `p` (`p[...] = p_next`; `p = p_next` would only rebind a name);
# 4. return `(net, losses)`, `losses[e]` the mean of the mini-batch losses of epoch `e` (`epochs` floats);
# 5. record what the loop did: after each epoch append the learning rate it used to `history["lrs"]` and
#    a copy of every parameter to `history["params"]` (the cell puts the initial ones in
#    `history["params"][0]`); with `record=True` the function returns `(net, losses, history)`.
#
# **What is graded** is what the loop did. The grader rebuilds the same network and the same shuffling,
# replays your 30 epochs with the stated rule and schedule, and compares, epoch by epoch, the learning
# rate you used and every parameter you recorded. A loop that ignores the decay, shares one optimizer
# state between parameters or resets it every epoch still gets a low loss here, and loses these points.
#
# The test trains with your `momentum_update` ($\beta = 0.9$), $\eta_0 = 0.01$ halved every 10 epochs,
# mini-batches of 10, for 30 epochs, on rescaled inputs, and requires the last epoch's loss below half the first
# and the trained network's mean squared error on the data below **0.06** (the noise alone gives 0.01).

# %%
X_raw, Y_train = regression_1d(n=200, noise=0.1, rng=0)     # X: (200, 1), Y: (200, 1)
X_train = X_raw / X_raw.std()                               # rescaled inputs (unit std; mean not subtracted)
print("x range before / after rescaling:", X_raw.min().round(2), X_raw.max().round(2), "/",
      X_train.min().round(2), X_train.max().round(2))


# %% nbgrader={"grade": false, "grade_id": "train_mlp", "locked": false, "schema_version": 3, "solution": true, "task": false}
def train_mlp(X, Y, update, lr0, hyper, epochs=30, batch_size=10, seed=0, factor=0.5, every=10,
              record=False):
    """Mini-batch training of MLP([1, 32, 32, 1]) on the batch-mean squared error.
    X: (N, 1), Y: (N, 1). update(w, dw, state, lr=..., **hyper) -> (w_next, state).
    Returns (net, losses) with losses a list of `epochs` floats (mean mini-batch loss per epoch);
    with record=True also history = {"lrs": the lr of each epoch, "params": epochs + 1 lists of
    parameter copies, entry e after epoch e}."""
    net = MLP([1, 32, 32, 1], activation="relu", init="he_normal", rng=seed)
    rng = np.random.default_rng(seed)
    history = {"lrs": [], "params": [[p.copy() for p in net.parameters()]]}
    ### BEGIN SOLUTION
    params = net.parameters()
    states = [None] * len(params)
    losses = []
    for epoch in range(epochs):
        lr = step_decay(epoch, lr0, factor, every)
        order = rng.permutation(len(X))
        batch_losses = []
        for start in range(0, len(X), batch_size):
            idx = order[start:start + batch_size]
            loss, dY = mse_loss(net.forward(X[idx]), Y[idx])
            net.backward(dY)
            for i, (p, g) in enumerate(zip(params, net.gradients())):
                p_next, states[i] = update(p, g, states[i], lr=lr, **hyper)
                p[...] = p_next
            batch_losses.append(loss)
        losses.append(float(np.mean(batch_losses)))
        history["lrs"].append(lr)
        history["params"].append([p.copy() for p in params])
    ### END SOLUTION
    if record:
        return net, losses, history
    return net, losses


# %% nbgrader={"grade": true, "grade_id": "test_train_mlp", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
X_test_raw, Y_test = regression_1d(n=200, noise=0.1, rng=0)
X_test = X_test_raw / X_test_raw.std()
net, losses, history = train_mlp(X_test, Y_test, momentum_update, 0.01, dict(beta=0.9), epochs=30, seed=0,
                                 record=True)
check_true(len(losses) == 30, f"losses should hold one value per epoch (30), got {len(losses)}.")
check_true(len(history["lrs"]) == 30 and len(history["params"]) == 31,
           "history must hold 30 learning rates and 31 lists of parameters (before training and after each epoch).")
check_true(len(set(history["lrs"])) == 3, f"with factor 0.5 and every 10, 30 epochs use three learning rates; "
           f"yours used {sorted(set(history['lrs']))}")
check_true(np.all(np.isfinite(losses)), "some epoch losses are NaN or inf: the training diverged.")
check_true(not np.isclose(losses[-1], losses[0], rtol=1e-9, atol=0.0),
           f"the loss did not change at all (first and last epoch {losses[0]:.4g}): the network is never "
           "modified. Call net.backward(dY) before reading net.gradients(), and write each update into "
           "the parameter (p[...] = p_next).")
check_true(losses[-1] < 0.5 * losses[0],
           f"the loss should at least halve: first epoch {losses[0]:.4g}, last {losses[-1]:.4g}.")
final, _ = mse_loss(net.forward(X_test), Y_test)
check_true(final < 0.06, f"after training the MSE on the data is {final:.4g}, expected < 0.06. "
           "Are the parameters updated in place (p[...] = p_next), each with its own state?")
print(f"first epoch loss {losses[0]:.4f}, last {losses[-1]:.4f}, MSE of the trained net {final:.4f}")
passed("train_mlp")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('05_optimizers', 'test_train_mlp', globals())
### END HIDDEN TESTS

# %% [markdown]
# **What step decay does to the loss curve.** The same run with a constant learning rate
# (`factor=1.0`) next to the decayed one, and the fit at the end. Look at the curves after
# epochs 10 and 20 (dotted lines): with the decayed rate the epoch-to-epoch jitter of the loss
# shrinks at each drop, while the constant rate keeps bouncing. On this small problem the final
# loss changes little; decay matters most when the noise of large steps or small batches is what
# holds the loss up.

# %%
try:
    net_decay, loss_decay = train_mlp(X_train, Y_train, momentum_update, 0.01, dict(beta=0.9), epochs=30)
    net_const, loss_const = train_mlp(X_train, Y_train, momentum_update, 0.01, dict(beta=0.9), epochs=30,
                                      factor=1.0)
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(11, 3.8))
    ax.semilogy(np.arange(1, 31), loss_const, "o-", ms=3, label="constant lr 0.01")
    ax.semilogy(np.arange(1, 31), loss_decay, "o-", ms=3, label="lr 0.01, halved every 10 epochs")
    for e in (10, 20):
        ax.axvline(e + 0.5, color="0.7", ls=":")
    ax.set(xlabel="epoch", ylabel="mean mini-batch loss (log scale)", title="momentum 0.9, batches of 10")
    ax.legend(fontsize=8)
    xs = np.linspace(-3, 3, 300)[:, None]
    ax2.plot(X_raw[:, 0], Y_train[:, 0], ".", color="0.6", ms=4, label="data")
    ax2.plot(xs[:, 0], net_decay.forward(xs / X_raw.std())[:, 0], label="MLP, step decay")
    ax2.set(xlabel="x (before rescaling)", ylabel="y", title="the trained network's fit")
    ax2.legend(fontsize=8)
    plt.show()
except NotImplementedError as exc:
    print("Finish the exercises above first:", exc)

# %% [markdown]
# **Comparing the optimizers on the same problem.** Same data, same initial weights (seed 0),
# same shuffling, same step decay; each optimizer with a learning rate suited to it (the
# adaptive methods take steps of about $\eta$, the SGD family of about $\eta \times$ gradient).

# %%
setups = {
    "SGD, lr0 0.02": (sgd_update, 0.02, {}),
    "momentum, lr0 0.01, β 0.9": (momentum_update, 0.01, dict(beta=0.9)),
    "Nesterov, lr0 0.01, β 0.9": (nesterov_update, 0.01, dict(beta=0.9)),
    "RMSProp, lr0 0.003, ρ 0.9": (rmsprop_update, 0.003, dict(rho=0.9, eps=1e-8)),
    "Adam, lr0 0.01": (adam_update, 0.01, dict(beta1=0.9, beta2=0.999, eps=1e-8)),
}
try:
    mlp_curves = {label: train_mlp(X_train, Y_train, rule, lr0, hyper, epochs=30, seed=0)[1]
                  for label, (rule, lr0, hyper) in setups.items()}
    fig, ax = plt.subplots(figsize=(7, 4))
    for label, curve in mlp_curves.items():
        ax.semilogy(np.arange(1, 31), curve, label=f"{label}: {curve[-1]:.3f}")
    ax.set(xlabel="epoch", ylabel="mean mini-batch loss (log scale)",
           title="five optimizers, same MLP, data, seed and step decay")
    ax.legend(fontsize=8)
    plt.show()
except NotImplementedError as exc:
    print("Finish the exercises above first:", exc)

# %% [markdown]
# On a problem this small every method ends at a similar loss; they differ in the first few
# epochs and in how much their curves jitter before each decay (look at epochs 5–10, and at how
# the jitter shrinks after epochs 10 and 20). The ranking depends on the learning rates picked
# here, so a fair comparison tunes each optimizer's own rate. Try it: change `lr0` of one
# optimizer above (double it, halve it) and rerun the cell.

# %% [markdown]
# ## 8. The optimizer playground
#
# Each optimizer below runs the reference update rules (the ones you just matched) on a 2-D
# surface; the left panel shows the paths over the contour lines (black square: start, star: the
# minimum), the right one $f - f_{\min}$ per step on a log scale. There are two learning rates:
# one for the SGD family (step $\approx \eta \times$ gradient) and one for RMSProp and Adam
# (step $\approx \eta$). Changing the surface resets them to values that suit it.
#
# The surfaces: the **quadratic** of section 1 (eigenvalues 0.5 and 20, so $2/\lambda_{\max} = 0.1$);
# **Rosenbrock's valley** $f = (1-x)^2 + 100\,(y - x^2)^2$, a curved, nearly flat-bottomed valley
# with the minimum at $(1, 1)$; and a **saddle** $f = x^2/2 - y^2/2 + y^4/4$ (saddle point at 0,
# minima at $y = \pm 1$), started a hair's breadth ($y = 10^{-3}$) from its ridge.
#
# Guided questions — predict first, then slide:
#
# 1. *Quadratic, SGD only.* Raise the SGD learning rate. At what value does SGD start to diverge?
#    Compare with $2/\lambda_{\max}$. Between 0.05 and 0.1, what does the path look like, and why?
# 2. *Quadratic, SGD and Momentum, lr = 0.02, 500 steps.* Which one reaches $10^{-6}$, and after how
#    many steps? Now slide $\beta$ from 0 to 0.99: where is it fastest, and what happens near 0.99?
# 3. Still on the quadratic, raise the SGD-family learning rate until **Nesterov** diverges. Is it
#    before or after SGD? (Its first step is already $(1+\beta)$ times larger.)
# 4. *Rosenbrock.* Which optimizer gets closest to $(1, 1)$ in 200 steps? In 500? Where do the
#    SGD-family paths spend their steps, and why can't their learning rate simply be raised?
# 5. *Saddle.* Why does SGD's loss stall on a plateau before it drops? Which optimizer leaves the
#    saddle first? (Look at how large Adam's first steps along $y$ are although $\partial f/\partial y$ is tiny.)
# 6. *Adam's $\beta_2$.* On Rosenbrock, compare $\beta_2 = 0.9$ with $0.9999$. What changes in the
#    first steps, and later?

# %%
from backprop.explorers import optimizer_playground

optimizer_playground()


# %% [markdown]
# **Your answers (graded, 3 points).** Derive each on paper for the quadratic of section 1
# ($\lambda_{\min} = 0.5$, $\lambda_{\max} = 20$), then check it in the playground.
#
# - `divergence_lr()` (question 1): the learning rate above which gradient descent diverges.
# - `momentum_answers()` (question 2): with a constant gradient, the factor by which the steady step of
#   heavy-ball momentum at $\beta = 0.9$ exceeds SGD's; and the learning rate above which heavy-ball momentum
#   at $\beta = 0.9$ diverges. (On one eigen-direction, $(w_{t+1}, w_t)$ is a linear map of $(w_t, w_{t-1})$; it
#   diverges when one of its eigenvalues passes $-1$: put $-1$ into its characteristic polynomial.)
# - `nesterov_bound()` (question 3): the learning rate above which Nesterov momentum at $\beta = 0.9$
#   diverges, by the same method. Before or after SGD?

# %% nbgrader={"grade": false, "grade_id": "playground_gd", "locked": false, "schema_version": 3, "solution": true, "task": false}
def divergence_lr():
    """The learning rate above which gradient descent diverges on the quadratic of section 1: one number (a float, or shape (1,))."""
    ### BEGIN SOLUTION
    return 2 / 20.0
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_playground_gd", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
check_true(float(divergence_lr()) > 0, "divergence_lr() must return a positive learning rate")
passed("divergence_lr (its value is checked at grading)")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('05_optimizers', 'test_playground_gd', globals())
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "playground_momentum", "locked": false, "schema_version": 3, "solution": true, "task": false}
def momentum_answers():
    """(steady-step factor of momentum at beta 0.9, the learning rate above which it diverges on the quadratic): shape (2,)."""
    ### BEGIN SOLUTION
    return 1 / (1 - 0.9), 2 * (1 + 0.9) / 20.0
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_playground_momentum", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
factor, lr_max = momentum_answers()
check_true(float(factor) > 0 and float(lr_max) > 0, "momentum_answers() must return two positive numbers")
passed("momentum_answers (their values are checked at grading)")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('05_optimizers', 'test_playground_momentum', globals())
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "playground_nesterov", "locked": false, "schema_version": 3, "solution": true, "task": false}
def nesterov_bound():
    """The learning rate above which Nesterov momentum (beta 0.9) diverges on the quadratic of section 1: one number (a float, or shape (1,))."""
    ### BEGIN SOLUTION
    return (2 + 2 * 0.9) / ((1 + 2 * 0.9) * 20.0)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_playground_nesterov", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
check_true(float(nesterov_bound()) > 0, "nesterov_bound() must return a positive learning rate")
passed("nesterov_bound (its value is checked at grading)")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('05_optimizers', 'test_playground_nesterov', globals())
### END HIDDEN TESTS

# %% [markdown]
# ## What to remember
#
# - On a quadratic, gradient descent converges iff $\eta < 2/\lambda_{\max}$; the error along the
#   flattest direction then shrinks by a fraction $\eta\lambda_{\min} < 2/\kappa$ per step, so the
#   condition number $\kappa$ sets the speed, and $\eta > 1/\lambda_{\max}$ makes the steep direction zig-zag.
# - Mini-batch gradients are unbiased; their variance falls like $1/B$.
# - Momentum sums past gradients ($v = \beta v + g$): it speeds up consistent directions by up to
#   $1/(1-\beta)$ and damps oscillating ones. Nesterov steps with $g + \beta v$.
# - RMSProp and Adam give each parameter its own step size by dividing by a running RMS of its
#   gradients; their steps are about $\eta$ whatever the gradient's scale.
# - Adam's bias correction divides by $1-\beta^t$ with $t = 1$ at the first step; without it the early
#   steps are off by factors of several. Defaults: $\eta = 10^{-3}$, $\beta_1 = 0.9$, $\beta_2 = 0.999$,
#   $\epsilon = 10^{-8}$ outside the root — and libraries differ on that, so state the convention.
# - Step decay lowers the learning rate in steps. In this lesson's run there is no sudden descent at the
#   drops: the epoch-to-epoch jitter shrinks (about 3–4 times smaller after them) and the final MSE is
#   0.0305 against 0.0366 with a constant rate.
# - The learning rate is the hyperparameter to tune first, for each optimizer separately.
#
# ## What comes next
#
# This was the last lesson of the course: you can now derive, implement, check, initialize and
# train a neural network with nothing but numpy. Where to go from here:
#
# - Goodfellow, Bengio & Courville, *Deep Learning* (2016), chapter 8, "Optimization for training deep models".
# - Gabriel Goh, "Why Momentum Really Works", *Distill* (2017): momentum on quadratics, interactively.
# - Sutskever, Martens, Dahl & Hinton, "On the importance of initialization and momentum in deep
#   learning" (ICML 2013).
# - Kingma & Ba, "Adam: A Method for Stochastic Optimization" (ICLR 2015), and Loshchilov & Hutter,
#   "Decoupled Weight Decay Regularization" (ICLR 2019) for AdamW.
# - Loshchilov & Hutter, "SGDR: Stochastic Gradient Descent with Warm Restarts" (ICLR 2017), for
#   cosine schedules; Goyal et al., "Accurate, Large Minibatch SGD" (2017), for warm-up and the
#   batch-size/learning-rate link.
# - The optimizer documentation of PyTorch (`torch.optim`) or Optax, read with this lesson's table at
#   hand: check which conventions each one uses.
