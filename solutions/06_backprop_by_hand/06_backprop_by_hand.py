# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lesson 06 — Backprop by hand through a real network
#
# Lessons 01–05 built every piece: the chain rule, Jacobians, the four equations of
# backpropagation, initialization and optimizers. This lesson puts them under load. You push
# the gradient through a whole network one tensor at a time — batch normalization and a
# softmax cross-entropy written as elementary operations included — then hunt planted bugs
# with a gradient checker of your own, and finally train *your* network on real handwritten
# digits.
#
# **By the end of this lesson you will be able to**
#
# - backpropagate by hand through every intermediate tensor of a network, checking each one
#   in a comparison table (exact / close / largest difference);
# - state the two shape rules of backward passes: a broadcast operand's gradient is summed
#   over the broadcast axes, and an indexed array's gradient is a scatter-*add*;
# - derive the compact backward formula of batch normalization and check it against the
#   step-by-step one, and show what batch normalization does to activations in a deep network
#   with a poor initialization;
# - find the wrong gradients of a network with a central-difference checker you write;
# - train a multilayer perceptron built from your own layers, initializer, optimizer and
#   learning-rate schedule to at least 95% accuracy on held-out digits, compare initializations
#   and optimizers, and read activation and gradient histograms and the update-to-data ratio.
#
# **Conventions** (as in
# [lesson 02, section 1](../02_jacobians/02_jacobians.ipynb)): a batch is an array $(B, n)$
# with one example per row, a layer computes `Z = A @ W.T + b` with `W` of shape
# $(n_\text{out}, n_\text{in})$, losses are averaged over the batch, and every gradient `dT` has
# the shape of the tensor `T` it belongs to.
#
# **How to work.** Fill in every cell marked `# YOUR CODE HERE` and run the test cell below it.
# More tests, on other shapes and seeds, run when the notebook is graded.

# %% nbgrader={"grade": false, "grade_id": "setup_imports", "locked": true, "schema_version": 3, "solution": false, "task": false}
import numpy as np
import matplotlib.pyplot as plt

from backprop.checking import check_close, check_shape, check_true, passed, recorded
from backprop.digits import split_digits

np.set_printoptions(precision=4, suppress=True)

# %% [markdown]
# ## 1. The network, one elementary operation at a time
#
# A batch $X$ $(B, n_\text{in})$ with integer labels $y$ $(B,)$ goes through a linear layer,
# batch normalization, tanh, a second linear layer and softmax cross-entropy. Every line below
# is one elementary operation, and every name is a tensor you will backpropagate through
# ($H$ hidden units, $C$ classes):
#
# | tensor | computed as | shape |
# |---|---|---|
# | `Z1` | `X @ W1.T + b1` | $(B, H)$ |
# | `mu` | mean of `Z1` over the batch, `keepdims=True` | $(1, H)$ |
# | `xc` | `Z1 - mu` | $(B, H)$ |
# | `var` | mean of `xc ** 2` over the batch, `keepdims=True` | $(1, H)$ |
# | `inv_std` | `(var + eps) ** -0.5` | $(1, H)$ |
# | `xhat` | `xc * inv_std` | $(B, H)$ |
# | `S` | `gamma * xhat + beta` | $(B, H)$ |
# | `Hid` | `np.tanh(S)` | $(B, H)$ |
# | `logits` | `Hid @ W2.T + b2` | $(B, C)$ |
# | `m` | row maximum of `logits`, `keepdims=True` | $(B, 1)$ |
# | `shifted` | `logits - m` | $(B, C)$ |
# | `e` | `np.exp(shifted)` | $(B, C)$ |
# | `s` | row sum of `e`, `keepdims=True` | $(B, 1)$ |
# | `probs` | `e / s` | $(B, C)$ |
# | `logp` | `np.log(probs)` | $(B, C)$ |
# | `picked` | `logp[np.arange(B), y]` | $(B,)$ |
# | `loss` | `-picked.mean()` | $()$ |
#
# `mu` to `S` is batch normalization (section 5); `m` to `loss` is the softmax cross-entropy of
# lesson 03, taken apart. The cell below runs this forward pass and keeps every tensor in a dict.
# It also defines `comparison_table`, which prints, for every gradient you compute, whether it
# is exactly the reference, close to it (`np.allclose`), and the largest difference: the first
# wrong row is where to look.

# %% nbgrader={"grade": false, "grade_id": "defs_network", "locked": true, "schema_version": 3, "solution": false, "task": false}
LOSS_GRADS = ("dpicked", "dlogp", "dprobs", "ds", "de", "dshifted", "dm", "dlogits")
NETWORK_GRADS = ("dW2", "db2", "dHid", "dS", "dgamma", "dbeta", "dxhat", "dinv_std",
                 "dvar", "dxc", "dmu", "dZ1", "dW1", "db1")


def forward_every_tensor(X, y, params, eps=1e-5):
    """The forward pass of the table above. X: (B, n_in), y: (B,) -> dict {tensor name: array}."""
    B = X.shape[0]
    t = {"Z1": X @ params["W1"].T + params["b1"]}
    t["mu"] = t["Z1"].mean(axis=0, keepdims=True)
    t["xc"] = t["Z1"] - t["mu"]
    t["var"] = (t["xc"] ** 2).mean(axis=0, keepdims=True)
    t["inv_std"] = (t["var"] + eps) ** -0.5
    t["xhat"] = t["xc"] * t["inv_std"]
    t["S"] = params["gamma"] * t["xhat"] + params["beta"]
    t["Hid"] = np.tanh(t["S"])
    t["logits"] = t["Hid"] @ params["W2"].T + params["b2"]
    t["m"] = t["logits"].max(axis=1, keepdims=True)
    t["shifted"] = t["logits"] - t["m"]
    t["e"] = np.exp(t["shifted"])
    t["s"] = t["e"].sum(axis=1, keepdims=True)
    t["probs"] = t["e"] / t["s"]
    t["logp"] = np.log(t["probs"])
    t["picked"] = t["logp"][np.arange(B), y]
    t["loss"] = -t["picked"].mean()
    return t


def comparison_table(ours, reference, names):
    """Print one row per gradient name: exact match, close (np.allclose), largest difference."""
    print(f"{'tensor':>9} | {'shape':>8} | exact | close | largest difference")
    for name in names:
        got, want = np.asarray(ours.get(name, np.nan)), np.asarray(reference[name])
        if got.shape != want.shape:
            print(f"{name:>9} | {str(want.shape):>8} | shape {got.shape} instead")
            continue
        exact = bool(np.array_equal(got, want))
        close = bool(np.allclose(got, want, rtol=1e-7, atol=1e-10))
        print(f"{name:>9} | {str(want.shape):>8} | {exact!s:>5} | {close!s:>5} | {np.max(np.abs(got - want)):.2e}")


rng_net = np.random.default_rng(6)
B_small, n_in_small, H_small, C_small = 8, 5, 6, 4
X_small = rng_net.normal(size=(B_small, n_in_small))
y_small = rng_net.integers(0, C_small, size=B_small)
params_small = dict(W1=rng_net.normal(size=(H_small, n_in_small)) / np.sqrt(n_in_small),
                    b1=rng_net.normal(scale=0.1, size=H_small),
                    gamma=1 + rng_net.normal(scale=0.1, size=H_small),
                    beta=rng_net.normal(scale=0.1, size=H_small),
                    W2=rng_net.normal(size=(C_small, H_small)) / np.sqrt(H_small),
                    b2=rng_net.normal(scale=0.1, size=C_small))
t_small = forward_every_tensor(X_small, y_small, params_small)
print(f"loss of the small network on its batch of {B_small}: {t_small['loss']:.4f} "
      f"(log {C_small} = {np.log(C_small):.4f} for a uniform guess)")


# %% [markdown]
# ## 2. Broadcasting in the backward pass: sum over the broadcast axes
#
# `xc = Z1 - mu` subtracts a $(1, H)$ row from a $(B, H)$ array: numpy *broadcasts* `mu`, using
# the same `mu[0, j]` in all $B$ rows. The same happens in `S = gamma * xhat + beta` (`gamma` and
# `beta` have shape $(H,)$), in `+ b1` and in `probs = e / s` (`s` is $(B, 1)$, reused across the
# $C$ columns).
#
# A broadcast is a fan-out (lesson 01): one number feeds several outputs, so its derivative is
# the **sum** of the derivatives reaching it along each use. In array terms: if `a` was
# broadcast to the shape of `G = dL/d(result)`, then `da` is `G` summed over every axis along which
# `a` was stretched — the axes `a` does not have at all (leading ones) and the axes where `a` has
# size 1 — and it keeps `a`'s own shape. A gradient that comes out with the *result's* shape
# instead means a sum was forgotten, and numpy will often let that go unnoticed until much later.
#
# **Exercise 1.** `sum_to_shape(G, shape)`: `G` of any shape, `shape` the shape of an operand
# that broadcasts to `G.shape` (for example $(H,)$, $(1, H)$ or $(B, 1)$ for a $(B, H)$ gradient, or
# `()`) → an array of exactly `shape`. Reduction: a **sum** (never a mean) over the stretched axes.

# %% nbgrader={"grade": false, "grade_id": "sum_to_shape", "locked": false, "schema_version": 3, "solution": true, "task": false}
def sum_to_shape(G, shape):
    """The gradient of an operand of shape `shape` that was broadcast to G.shape.

    G: (d_1, ..., d_k), shape: a tuple that numpy broadcasts to G.shape, e.g. (d_k,),
    (1, d_k) or (d_1, 1) -> an array of shape `shape`.
    """
    shape = tuple(shape)
    ### BEGIN SOLUTION
    lead = G.ndim - len(shape)
    out = G.sum(axis=tuple(range(lead)))
    stretched = tuple(ax for ax, size in enumerate(shape) if size == 1 and out.shape[ax] != 1)
    out = out.sum(axis=stretched, keepdims=True)
    ### END SOLUTION
    return np.reshape(out, shape)


# %% nbgrader={"grade": true, "grade_id": "test_sum_to_shape", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
G = np.array([[1., 2., 3.],
              [4., 5., 6.]])                       # the gradient of a (2, 3) result
# b of shape (3,) was added to every row: each b[j] collects its column of G
check_close("sum_to_shape(G, (3,))", sum_to_shape(G, (3,)), np.array([5., 7., 9.]))
# mu of shape (1, 3): the same numbers, but the kept axis of size 1 stays
check_close("sum_to_shape(G, (1, 3))", sum_to_shape(G, (1, 3)), np.array([[5., 7., 9.]]))
# s of shape (2, 1), reused across the 3 columns: each row of G adds up
check_close("sum_to_shape(G, (2, 1))", sum_to_shape(G, (2, 1)), np.array([[6.], [15.]]))
check_close("sum_to_shape(G, ())", sum_to_shape(G, ()), np.array(21.))
check_close("sum_to_shape(G, (2, 3))", sum_to_shape(G, (2, 3)), G)
passed("sum_to_shape")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('06_backprop_by_hand', 'test_sum_to_shape', globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 3. Indexing in the backward pass: a scatter that adds
#
# `picked = logp[np.arange(B), y]` reads one entry per row. Each entry of `picked` came from one
# entry of `logp`, so `dlogp` is zero everywhere except at the entries that were read, which
# receive the gradient of what they became. Entries of `logp` that nobody read get 0.
#
# When an index **repeats** — the same row of an embedding table looked up twice in a batch,
# the same entry picked by two examples — the entry was used twice: a fan-out again, and the two
# gradients must be **added**. Beware: `dA[rows, cols] += dOut` looks right but does *not* add
# repeated indices (numpy evaluates `dA[rows, cols] + dOut` once and then writes, so the last
# write wins). numpy's ufuncs have an unbuffered in-place form for exactly this case (look up
# `ufunc.at`); a loop over the $k$ reads works too.
#
# **Exercise 2.** `index_backward(dOut, rows, cols, shape)`: the backward of `out = A[rows, cols]`.
# `dOut` $(k,)$, `rows` and `cols` $(k,)$ integer arrays (indices may repeat), `shape` $= (R, C)$, the
# shape of `A` → `dA` of shape $(R, C)$.

# %% nbgrader={"grade": false, "grade_id": "index_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def index_backward(dOut, rows, cols, shape):
    """Backward of out = A[rows, cols].

    dOut: (k,), rows: (k,), cols: (k,) integer indices (repeats allowed), shape: (R, C)
    Returns dA: (R, C).
    """
    dA = np.zeros(shape)
    ### BEGIN SOLUTION
    np.add.at(dA, (rows, cols), dOut)
    ### END SOLUTION
    return dA


# %% nbgrader={"grade": true, "grade_id": "test_index_backward", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# out = A[rows, cols] for a (3, 4) array A; entry (0, 1) is read twice
rows, cols = np.array([0, 2, 0, 1]), np.array([1, 3, 1, 0])
dOut = np.array([10., 20., 30., 40.])
check_close("index_backward(dOut, rows, cols, (3, 4))", index_backward(dOut, rows, cols, (3, 4)),
            np.array([[0., 40., 0., 0.],           # 10 + 30: both reads of A[0, 1]
                      [40., 0., 0., 0.],
                      [0., 0., 0., 20.]]),
            mistakes={"a buffered write (dA[rows, cols] += dOut or = dOut): the repeated entry kept "
                      "only its last gradient instead of the sum":
                      np.array([[0., 30., 0., 0.], [40., 0., 0., 0.], [0., 0., 0., 20.]])})
passed("index_backward")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('06_backprop_by_hand', 'test_index_backward', globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 4. Through every tensor: the loss back to the logits
#
# Start at the end, $\partial L / \partial L = 1$, and walk the table of section 1 upwards. At every
# line, the gradient of an input is the gradient of the output times the local derivative — and
# where a tensor feeds **two** later lines, its gradient is the **sum** of both contributions. Some
# hints, none of them the answer:
#
# - `loss = -picked.mean()`: each of the $B$ entries of `picked` gets the same share.
# - `picked` is an indexing (section 3), `logp = log(probs)` is elementwise.
# - `probs = e / s` uses `e` *and* `s`; `s` was broadcast across the columns (section 2), and
#   `s` itself is built from `e`. So `de` has two terms.
# - `shifted = logits - m` uses `logits` twice: directly, and through `m`, the row maximum, whose
#   own backward is an indexing at the position of each row's maximum (`np.argmax`). Think about
#   what value `dm` should have, given that the loss does not change when every logit of a row
#   moves by the same amount.
#
# **Exercise 3.** `loss_backward(t, y)`: `t` the dict of forward tensors, `y` $(B,)$ → a dict
# with the eight gradients `dpicked` $(B,)$, `dlogp` $(B, C)$, `dprobs` $(B, C)$, `ds` $(B, 1)$,
# `de` $(B, C)$, `dshifted` $(B, C)$, `dm` $(B, 1)$, `dlogits` $(B, C)$. Reduction: the batch
# mean enters once, in `dpicked`. Use your `sum_to_shape` and `index_backward`. No loops.

# %% nbgrader={"grade": false, "grade_id": "loss_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def loss_backward(t, y):
    """Gradients from the loss back to the logits, every intermediate on the way.

    t: dict of forward tensors (logits (B, C), m (B, 1), shifted, e (B, C), s (B, 1),
    probs, logp (B, C), picked (B,), loss ()), y: (B,) integer labels
    Returns {"dpicked": (B,), "dlogp": (B, C), "dprobs": (B, C), "ds": (B, 1),
    "de": (B, C), "dshifted": (B, C), "dm": (B, 1), "dlogits": (B, C)}.
    """
    B, C = t["logits"].shape
    g = {}
    ### BEGIN SOLUTION
    g["dpicked"] = np.full(B, -1.0 / B)
    g["dlogp"] = index_backward(g["dpicked"], np.arange(B), y, (B, C))
    g["dprobs"] = g["dlogp"] / t["probs"]
    g["ds"] = sum_to_shape(-g["dprobs"] * t["e"] / t["s"] ** 2, (B, 1))
    g["de"] = g["dprobs"] / t["s"] + g["ds"]
    g["dshifted"] = g["de"] * t["e"]
    g["dm"] = sum_to_shape(-g["dshifted"], (B, 1))
    at_max = np.argmax(t["logits"], axis=1)
    g["dlogits"] = g["dshifted"] + index_backward(g["dm"][:, 0], np.arange(B), at_max, (B, C))
    ### END SOLUTION
    return g


# %% nbgrader={"grade": true, "grade_id": "test_loss_backward", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
mine = loss_backward(t_small, y_small)
# the reference implementation's gradients for this network, recorded when the course was released
reference = recorded("06_backprop_by_hand", "loss_backward, small network", X_small, y_small, params_small)
comparison_table(mine, reference, LOSS_GRADS)
for name in LOSS_GRADS:
    check_close(f"loss_backward(t, y)[{name!r}]", mine.get(name), reference[name], batch_size=B_small)
# the compact formula of lesson 03 must come out at the end
onehot = np.eye(C_small)[y_small]
check_close("dlogits against (softmax - onehot) / B", mine["dlogits"], (t_small["probs"] - onehot) / B_small)
passed("loss_backward")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('06_backprop_by_hand', 'test_loss_backward', globals())
### END HIDDEN TESTS

# %% [markdown]
# `dm` comes out as zeros up to rounding (about $10^{-17}$): the max was only there to keep `exp`
# from overflowing, and the loss does not depend on it. The path through `m` still has to be
# written for `dlogits` to be exactly the gradient — and the comparison table shows that leaving it
# out would change nothing you could measure here. That is worth remembering when a gradient check
# passes: a check only sees terms that are large enough to matter.
#
# ## 5. Through every tensor: the logits back to the weights
#
# Continue upwards through the second linear layer (lesson 03's linear backward), tanh (its
# derivative written with its *output*, lesson 03's table), and the
# five lines of batch normalization. The same two rules keep the shapes right: every tensor that
# was broadcast (`gamma`, `beta`, `inv_std`, `mu`, `b1`) gets a sum over its stretched axes, and
# every tensor used twice gets the sum of both contributions:
#
# - `xc` is used by `var` and by `xhat`;
# - `Z1` is used by `mu` and by `xc`;
# - `mu` and `var` are batch means, so each of the $B$ rows they were computed from gets $1/B$ of
#   their gradient.
#
# **Exercise 4.** `network_backward(t, params, X, dlogits)`: `t` the forward tensors, `params` the
# dict of `W1` $(H, n_\text{in})$, `b1`, `gamma`, `beta` $(H,)$, `W2` $(C, H)$, `b2` $(C,)$; `X`
# $(B, n_\text{in})$; `dlogits` $(B, C)$ → a dict of the fourteen gradients named in `NETWORK_GRADS`, each
# with the shape of its tensor (`dmu`, `dvar`, `dinv_std` are $(1, H)$; parameter gradients have
# their parameter's shape). Reduction: sums over the batch; no division by $B$ except where a
# batch mean (`mu`, `var`) is differentiated.

# %% nbgrader={"grade": false, "grade_id": "network_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def network_backward(t, params, X, dlogits):
    """Gradients from the logits back to every parameter, every intermediate on the way.

    t: forward tensors (Z1, xc, xhat, S, Hid (B, H); mu, var, inv_std (1, H); ...),
    params: W1 (H, n_in), b1, gamma, beta (H,), W2 (C, H), b2 (C,); X: (B, n_in); dlogits: (B, C)
    Returns {"dW2": (C, H), "db2": (C,), "dHid", "dS": (B, H), "dgamma", "dbeta": (H,),
    "dxhat": (B, H), "dinv_std", "dvar": (1, H), "dxc": (B, H), "dmu": (1, H), "dZ1": (B, H),
    "dW1": (H, n_in), "db1": (H,)}.
    """
    B = X.shape[0]
    g = {}
    ### BEGIN SOLUTION
    g["dW2"] = dlogits.T @ t["Hid"]
    g["db2"] = sum_to_shape(dlogits, params["b2"].shape)
    g["dHid"] = dlogits @ params["W2"]
    g["dS"] = g["dHid"] * (1 - t["Hid"] ** 2)
    g["dgamma"] = sum_to_shape(g["dS"] * t["xhat"], params["gamma"].shape)
    g["dbeta"] = sum_to_shape(g["dS"], params["beta"].shape)
    g["dxhat"] = g["dS"] * params["gamma"]
    g["dinv_std"] = sum_to_shape(g["dxhat"] * t["xc"], t["inv_std"].shape)
    g["dvar"] = g["dinv_std"] * -0.5 * t["inv_std"] ** 3
    g["dxc"] = g["dxhat"] * t["inv_std"] + g["dvar"] * 2 * t["xc"] / B
    g["dmu"] = sum_to_shape(-g["dxc"], t["mu"].shape)
    g["dZ1"] = g["dxc"] + g["dmu"] / B
    g["dW1"] = g["dZ1"].T @ X
    g["db1"] = sum_to_shape(g["dZ1"], params["b1"].shape)
    ### END SOLUTION
    return g


# %% nbgrader={"grade": true, "grade_id": "test_network_backward", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
dlogits_small = (t_small["probs"] - np.eye(C_small)[y_small]) / B_small
mine = network_backward(t_small, params_small, X_small, dlogits_small)
# the reference implementation's gradients for this network, recorded when the course was released
reference = recorded("06_backprop_by_hand", "network_backward, small network", X_small, y_small, params_small)
comparison_table(mine, reference, NETWORK_GRADS)
for name in NETWORK_GRADS:
    check_close(f"network_backward(...)[{name!r}]", mine.get(name), reference[name], batch_size=B_small)
passed("network_backward")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('06_backprop_by_hand', 'test_network_backward', globals())
### END HIDDEN TESTS

# %% [markdown]
# Look at `db1` in the table: zeros, up to rounding. Batch normalization subtracts the batch
# mean, and a bias added before it moves the mean by exactly the bias, so it cancels: `b1` cannot
# change the loss. This is why a linear layer followed by batch norm is written without a bias.
#
# ## 6. Batch normalization, forward and backward
#
# As a layer, batch normalization in **training mode** maps $Z$ $(B, n)$ to
# $\text{out} = \gamma \odot \hat{Z} + \beta$, with, per column $j$,
#
# $$
# \mu_j = \frac1B \sum_i Z_{ij}, \qquad \sigma_j^2 = \frac1B \sum_i (Z_{ij} - \mu_j)^2, \qquad
# \hat Z_{ij} = \frac{Z_{ij} - \mu_j}{\sqrt{\sigma_j^2 + \epsilon}} .
# $$
#
# The variance divides by $B$ (`np.var`'s default, `ddof=0`), not by $B - 1$: it is the variance of
# *this* batch, and the backward pass depends on that choice. $\epsilon = 10^{-5}$ sits inside the square root.
#
# Section 5 went through the five lines one at a time. Now derive the backward pass as **one
# formula** for $\partial L / \partial Z$. Write $g_{ij} = \gamma_j \, \partial L / \partial \text{out}_{ij}$ for the
# gradient reaching $\hat Z$, and $s_j = 1 / \sqrt{\sigma_j^2 + \epsilon}$. For one column (drop $j$):
#
# 1. $\hat z_i$ depends on $z_k$ three ways: directly (only when $i = k$), through $\mu$ and
#    through $\sigma^2$. Compute $\partial \mu / \partial z_k$ and $\partial \sigma^2 / \partial z_k$ (use
#    $\sum_i (z_i - \mu) = 0$).
# 2. Write $\partial \hat z_i / \partial z_k$ from these three pieces; express $z_i - \mu$ with $\hat z_i$.
# 3. Contract with $g$, $\partial L / \partial z_k = \sum_i g_i \, \partial \hat z_i / \partial z_k$, and write
#    every remaining sum over $i$ as a batch mean.
#
# Check your formula on paper before coding: summed over the batch, $\partial L/\partial Z$ must be 0 in
# every column (shifting a whole column does nothing to $\hat Z$). The terms that come from $\mu$ and
# $\sigma^2$ are the "mean terms": leaving them out gives the gradient of a layer that does not normalize.
#
# **Exercise 5.** `batchnorm_forward(Z, gamma, beta, eps=1e-5)`: `Z` $(B, n)$, `gamma`, `beta` $(n,)$ →
# `out` $(B, n)$ and a `cache` (your choice). `batchnorm_backward(dOut, cache)`: `dOut` $(B, n)$ → `dZ`
# $(B, n)$, `dgamma` $(n,)$, `dbeta` $(n,)$, with `dZ` from **your compact formula** (no step-by-step
# chain). Reduction: `dgamma` and `dbeta` sum over the batch.

# %% nbgrader={"grade": false, "grade_id": "batchnorm", "locked": false, "schema_version": 3, "solution": true, "task": false}
def batchnorm_forward(Z, gamma, beta, eps=1e-5):
    """Training-mode batch normalization. Z: (B, n), gamma: (n,), beta: (n,)
    Returns out: (B, n) and a cache for batchnorm_backward."""
    ### BEGIN SOLUTION
    mu = Z.mean(axis=0)
    var = Z.var(axis=0)
    inv_std = 1.0 / np.sqrt(var + eps)
    xhat = (Z - mu) * inv_std
    out = gamma * xhat + beta
    cache = (xhat, inv_std, gamma)
    ### END SOLUTION
    return out, cache


def batchnorm_backward(dOut, cache):
    """dOut: (B, n) -> dZ: (B, n) by the compact formula, dgamma: (n,), dbeta: (n,)."""
    ### BEGIN SOLUTION
    xhat, inv_std, gamma = cache
    dbeta = dOut.sum(axis=0)
    dgamma = (dOut * xhat).sum(axis=0)
    g = dOut * gamma
    dZ = inv_std * (g - g.mean(axis=0) - xhat * (g * xhat).mean(axis=0))
    ### END SOLUTION
    return dZ, dgamma, dbeta


# %% nbgrader={"grade": true, "grade_id": "test_batchnorm", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
Z = np.array([[1., 10.], [2., 20.], [3., 60.], [6., 30.]])    # B = 4, n = 2
gamma, beta = np.array([2., 0.5]), np.array([0., 1.])
out, cache = batchnorm_forward(Z, gamma, beta)
# column 0: mean 3, variance (4 + 1 + 0 + 9) / 4 = 3.5 (divided by B, not B - 1)
check_close("batchnorm_forward(Z, gamma, beta)[0][:, 0]", out[:, 0],
            2 * (Z[:, 0] - 3) / np.sqrt(3.5 + 1e-5))
check_close("column means of out", out.mean(axis=0), beta, atol=1e-12)
dOut = np.array([[1., 0.], [0., 1.], [-1., 2.], [0.5, 0.]])
dZ, dgamma, dbeta = batchnorm_backward(dOut, cache)
check_close("dbeta", dbeta, dOut.sum(axis=0))
check_close("dZ summed over the batch (shifting a column changes nothing)", dZ.sum(axis=0), np.zeros(2), atol=1e-12)
check_close("batchnorm_backward(dOut, cache)", (dZ, dgamma, dbeta),
            recorded("06_backprop_by_hand", "batchnorm_backward, B = 4", Z, gamma, beta, dOut),
            names=("dZ", "dgamma", "dbeta"), batch_size=4)
passed("batchnorm_forward and batchnorm_backward")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('06_backprop_by_hand', 'test_batchnorm', globals())
### END HIDDEN TESTS

# %% [markdown]
# Your compact formula against your step-by-step chain of section 5: feed `dS` (the gradient
# reaching the output of batch norm) to `batchnorm_backward` and compare with the `dZ1` that
# `network_backward` found one operation at a time.

# %%
try:
    steps = network_backward(t_small, params_small, X_small, dlogits_small)
    _, bn_cache = batchnorm_forward(t_small["Z1"], params_small["gamma"], params_small["beta"])
    compact = batchnorm_backward(steps["dS"], bn_cache)
    comparison_table({"dZ1": compact[0], "dgamma": compact[1], "dbeta": compact[2]},
                     steps, ("dZ1", "dgamma", "dbeta"))
except NotImplementedError as exc:
    print(f"Not yet: {exc} (finish exercises 4 and 5 for this comparison).")


# %% [markdown]
# They agree to rounding, not bit for bit: the two computations add the same terms in a
# different order. The compact form is also cheaper — it keeps two arrays in the cache and makes
# two passes over the batch.
#
# ### What batch normalization does to a deep network
#
# Lesson 04 showed that a deep tanh network whose weights are a little too small loses its
# signal layer by layer: the activations shrink geometrically. Batch normalization renormalizes
# every layer's pre-activations to zero mean and unit variance *on the batch*, whatever the
# weights' scale. Below, 20 tanh layers of width 128 with weights of standard deviation
# $0.5/\sqrt{n_\text{in}}$ (half of LeCun's), with and without your `batchnorm_forward`
# ($\gamma = 1$, $\beta = 0$) before each tanh.

# %%
def activation_stds(depth, width, weight_std, use_bn, rng):
    X = rng.normal(size=(256, width))
    A, stds = X, []
    for _ in range(depth):
        Z = A @ (rng.normal(scale=weight_std, size=(width, width))).T
        if use_bn:
            Z, _ = batchnorm_forward(Z, np.ones(width), np.zeros(width))
        A = np.tanh(Z)
        stds.append(A.std())
    return stds


depth, width = 20, 128
fig, ax = plt.subplots(figsize=(6.5, 4))
for use_bn, style in ((False, "o-"), (True, "s--")):
    for scale, color in ((0.5, "C0"), (1.0, "C1")):
        try:
            stds = activation_stds(depth, width, scale / np.sqrt(width), use_bn, np.random.default_rng(0))
        except NotImplementedError:
            continue
        ax.semilogy(np.arange(1, depth + 1), stds, style, color=color, ms=7 if scale == 0.5 else 4,
                    mfc="none" if use_bn and scale == 0.5 else color,
                    label=f"weights std {scale}/sqrt(n){' + batch norm' if use_bn else ''}")
ax.set(title="Standard deviation of the tanh activations per layer",
       xlabel="layer", ylabel="std of the activations (log scale)")
ax.legend()
plt.show()


# %% [markdown]
# Without batch norm (circles), the half-size weights shrink the signal by a constant factor per
# layer, and even LeCun's scale loses a little in every tanh layer; with batch norm (squares, the
# two curves on top of each other) the activations keep the same spread in every layer for both
# weight scales: the network's forward signal no longer depends on getting the initialization
# exactly right. (If you have not finished exercise 5, only the curves without batch norm show.)
# The price: every example's output now depends on the rest of the batch, and at test
# time the layer needs running averages of $\mu$ and $\sigma^2$ instead of batch statistics.
#
# ## 7. Bug hunt
#
# The cell below holds a two-hidden-layer tanh network with a softmax cross-entropy, and a
# backward pass for it that someone wrote by hand. Some of its gradients are wrong. You will not
# find the bugs by reading alone; you will find them with a gradient checker.
#
# **Exercise 6.** `find_wrong_gradients(f, params, grads, h=1e-5, tol=1e-4)`: `f()` takes no
# argument and returns the loss, reading the arrays in `params` (a dict name → array), so perturbing
# an entry of `params[name]` *in place* changes what `f()` returns. `grads` is a dict of the same
# names → the analytic gradients, of the same shapes. For every name, estimate the gradient with
# central differences (lesson 03), compute its largest relative error against the analytic one
# (CURRICULUM's relative error, the $\max(10^{-8}, \cdot)$ floor included), and return the list
# of the names whose error is above `tol`, in the order of `params`. Leave every parameter exactly
# as you found it.

# %% nbgrader={"grade": false, "grade_id": "defs_bug_hunt", "locked": true, "schema_version": 3, "solution": false, "task": false}
def bug_hunt_loss(X, y, p):
    """Softmax cross-entropy of a tanh MLP n_in -> H1 -> H2 -> C, averaged over the batch."""
    A1 = np.tanh(X @ p["W1"].T + p["b1"])
    A2 = np.tanh(A1 @ p["W2"].T + p["b2"])
    logits = A2 @ p["W3"].T + p["b3"]
    shifted = logits - logits.max(axis=1, keepdims=True)
    return float(np.mean(np.log(np.exp(shifted).sum(axis=1)) - shifted[np.arange(len(y)), y]))


def bug_hunt_backward(X, y, p):
    """A hand-written backward pass of bug_hunt_loss. Some of these lines are wrong."""
    B = X.shape[0]
    Z1 = X @ p["W1"].T + p["b1"]
    A1 = np.tanh(Z1)
    Z2 = A1 @ p["W2"].T + p["b2"]
    A2 = np.tanh(Z2)
    logits = A2 @ p["W3"].T + p["b3"]
    P = np.exp(logits - logits.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    dlogits = (P - np.eye(P.shape[1])[y]) / B
    g = {"W3": dlogits.T @ A2, "b3": dlogits.sum(axis=0)}
    dZ2 = (dlogits @ p["W3"]) * (1 - A2 ** 2)
    g["W2"], g["b2"] = dZ2.T @ A1, dZ2.mean(axis=0)
    dZ1 = (dZ2 @ p["W2"]) * (1 - Z1 ** 2)
    g["W1"], g["b1"] = dZ1.T @ X, dZ1.sum(axis=0)
    return g


rng_bug = np.random.default_rng(7)
X_bug, y_bug = rng_bug.normal(size=(10, 4)), rng_bug.integers(0, 3, size=10)
params_bug = {"W1": rng_bug.normal(size=(5, 4)) / 2, "b1": rng_bug.normal(scale=0.1, size=5),
              "W2": rng_bug.normal(size=(5, 5)) / 2, "b2": rng_bug.normal(scale=0.1, size=5),
              "W3": rng_bug.normal(size=(3, 5)) / 2, "b3": rng_bug.normal(scale=0.1, size=3)}


# %% nbgrader={"grade": false, "grade_id": "find_wrong_gradients", "locked": false, "schema_version": 3, "solution": true, "task": false}
def find_wrong_gradients(f, params, grads, h=1e-5, tol=1e-4):
    """Names of the parameters whose analytic gradient fails a central-difference check.

    f: function of no arguments -> float, reading the arrays of `params`
    params, grads: dicts {name: array}, grads[name] of the shape of params[name], e.g. (n_out, n_in)
    Returns a list of names (in the order of params) whose largest relative error exceeds tol;
    every entry of every parameter is restored.
    """
    ### BEGIN SOLUTION
    wrong = []
    for name, p in params.items():
        numeric = np.zeros_like(p)
        for i in np.ndindex(p.shape):
            old = p[i]
            p[i] = old + h
            up = f()
            p[i] = old - h
            down = f()
            p[i] = old
            numeric[i] = (up - down) / (2 * h)
        a = grads[name]
        error = np.max(np.abs(a - numeric) / np.maximum(1e-8, np.abs(a) + np.abs(numeric)))
        if error > tol:
            wrong.append(name)
    return wrong
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_find_wrong_gradients", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# f(P, Q) = sum(sin(P) * Q): the gradients are cos(P) * Q and sin(P)
rng_check = np.random.default_rng(3)
P, Q = rng_check.uniform(0.5, 1.5, size=(3, 2)), rng_check.uniform(0.5, 1.5, size=(3, 2))
P_before = P.copy()


def f_check():
    return float(np.sum(np.sin(P) * Q))


right = {"P": np.cos(P) * Q, "Q": np.sin(P)}
check_true(find_wrong_gradients(f_check, {"P": P, "Q": Q}, right) == [],
           "find_wrong_gradients flagged a correct gradient: check the central difference (2h apart) "
           "and that every perturbed entry is restored")
check_true(np.array_equal(P, P_before), "find_wrong_gradients changed an entry of P: restore what you perturb")
one_entry_off = {"P": right["P"].copy(), "Q": right["Q"]}
one_entry_off["P"][1, 0] *= 1.001
check_true(find_wrong_gradients(f_check, {"P": P, "Q": Q}, one_entry_off) == ["P"],
           "one entry of dP is 0.1% off and only P should be reported: take the largest relative "
           "error over the entries (not the mean)")
both = {"P": -right["P"], "Q": 2 * right["Q"]}
check_true(find_wrong_gradients(f_check, {"P": P, "Q": Q}, both) == ["P", "Q"],
           "both gradients are wrong (one with its sign flipped, one doubled): report both, in order")
passed("find_wrong_gradients")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('06_backprop_by_hand', 'test_find_wrong_gradients', globals())
### END HIDDEN TESTS

# %% [markdown]
# Now the hunt. Run your checker on the hand-written backward pass:

# %%
try:
    found = find_wrong_gradients(lambda: bug_hunt_loss(X_bug, y_bug, params_bug), params_bug,
                                 bug_hunt_backward(X_bug, y_bug, params_bug))
    print(f"wrong gradients: {found}")
except NotImplementedError as exc:
    print(f"Not yet: {exc} (finish exercise 6 to run the hunt).")

# %% [markdown]
# The checker tells you *which* gradients are wrong, not why. Narrow it down yourself: a wrong
# `W1` and `b1` together point at a line both depend on (`dZ1`); a wrong bias alone, with its
# weight right, points at the bias line itself. Find each bug in `bug_hunt_backward`, say in one
# sentence what the mistake is, copy the function into a new cell, fix it, and rerun the checker
# until it reports nothing. Each of the planted mistakes is one a student writes every year.
#
# ## 8. Capstone: your network on real handwritten digits
#
# The data: 1797 scans of handwritten digits, 8×8 pixels each (the test part of UCI's
# "optdigits", CC BY 4.0, shipped with the course's package with its licence), pixel values
# scaled to $[0, 1]$, split once and for all into 1438 training and 359 held-out images, stratified
# by digit. The held-out images are never used to train or to choose anything.

# %% nbgrader={"grade": false, "grade_id": "setup_digits", "locked": true, "schema_version": 3, "solution": false, "task": false}
X_train, y_train, X_test, y_test = split_digits()          # (1438, 64), (1438,), (359, 64), (359,)
TARGET_ACCURACY = 0.95

# %%
fig, axes = plt.subplots(2, 8, figsize=(9, 2.6))
for ax, image, label in zip(axes.ravel(), X_train[:16], y_train[:16]):
    ax.imshow(image.reshape(8, 8), cmap="gray_r", vmin=0, vmax=1)
    ax.set(title=f"label {label}", xticks=[], yticks=[])
fig.suptitle("The first 16 training images (8 x 8 pixels)")
fig.tight_layout()
plt.show()


# %% [markdown]
# You assemble the network from pieces you have written in this course, rewritten here so that
# everything the capstone runs is yours:
#
# - **layers** (lesson 03): `mlp_forward(X, params)` for a ReLU MLP with a linear output layer,
#   `params` a list `[(W1, b1), (W2, b2), ...]`, returning the logits $(B, C)$ and a cache;
#   `mlp_backward(dlogits, params, cache)` returning `[(dW1, db1), ...]`; and
#   `softmax_cross_entropy(logits, y)` returning the batch-mean loss and `dlogits`, stable for large logits;
# - **initializers** (lesson 04): `he_init(shape, rng)` for `W` of shape $(n_\text{out}, n_\text{in})$,
#   and `small_init(shape, rng)`, a plain $\mathcal N(0, 0.01^2)$ draw to compare with;
# - **optimizers** (lesson 05, the same pure-function form): `sgd_update(w, dw, state, lr)` and
#   `adam_update(w, dw, state, lr, beta1=0.9, beta2=0.999, eps=1e-8)`, each returning
#   `(w_next, state_next)`, `state` `None` on the first call, Adam with bias correction and $\epsilon$
#   added to $\sqrt{\hat v}$;
# - **schedule** (lesson 05): `step_decay(epoch, lr0, factor=0.5, every=5)`, the learning rate of
#   epoch `epoch` (0-based): `lr0` halved every 5 epochs.

# %% nbgrader={"grade": false, "grade_id": "capstone_parts", "locked": false, "schema_version": 3, "solution": true, "task": false}
def mlp_forward(X, params):
    """ReLU hidden layers, linear output. X: (B, n_0), params [(W (n_l, n_{l-1}), b (n_l,)), ...]
    Returns logits: (B, n_L) and a cache for mlp_backward."""
    ### BEGIN SOLUTION
    A, cache = X, []
    for l, (W, b) in enumerate(params):
        Z = A @ W.T + b
        cache.append((A, Z))
        A = Z if l == len(params) - 1 else np.maximum(Z, 0)
    ### END SOLUTION
    return A, cache


def mlp_backward(dlogits, params, cache):
    """dlogits: (B, n_L) -> [(dW1 (n_1, n_0), db1 (n_1,)), ...], sums over the batch."""
    ### BEGIN SOLUTION
    grads = [None] * len(params)
    dZ = dlogits
    for l in reversed(range(len(params))):
        A, _ = cache[l]
        grads[l] = (dZ.T @ A, dZ.sum(axis=0))
        if l > 0:
            dZ = (dZ @ params[l][0]) * (cache[l - 1][1] > 0)
    ### END SOLUTION
    return grads


def softmax_cross_entropy(logits, y):
    """logits: (B, C), y: (B,) -> the batch-mean loss (float) and dlogits: (B, C)."""
    ### BEGIN SOLUTION
    B = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_p[np.arange(B), y].mean()
    dlogits = np.exp(log_p)
    dlogits[np.arange(B), y] -= 1
    dlogits /= B
    ### END SOLUTION
    return float(loss), dlogits


def he_init(shape, rng):
    """W of shape (n_out, n_in) for a ReLU layer (lesson 04's He normal, fan_in)."""
    ### BEGIN SOLUTION
    return rng.normal(scale=np.sqrt(2.0 / shape[1]), size=shape)
    ### END SOLUTION


def small_init(shape, rng):
    """W of shape (n_out, n_in), every entry N(0, 0.01^2)."""
    ### BEGIN SOLUTION
    return rng.normal(scale=0.01, size=shape)
    ### END SOLUTION


def sgd_update(w, dw, state, lr):
    """w, dw: same shape -> (w_next, state_next); plain gradient descent, state {}."""
    ### BEGIN SOLUTION
    return w - lr * dw, {}
    ### END SOLUTION


def adam_update(w, dw, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    """w, dw: same shape, state None or the previous state -> (w_next, state_next)."""
    ### BEGIN SOLUTION
    if state is None:
        state = {"m": np.zeros_like(w), "v": np.zeros_like(w), "t": 0}
    t = state["t"] + 1
    m = beta1 * state["m"] + (1 - beta1) * dw
    v = beta2 * state["v"] + (1 - beta2) * dw * dw
    m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), {"m": m, "v": v, "t": t}
    ### END SOLUTION


def step_decay(epoch, lr0, factor=0.5, every=5):
    """The learning rate (a float) of 0-based epoch `epoch`: lr0 times factor every `every` epochs."""
    ### BEGIN SOLUTION
    return lr0 * factor ** (epoch // every)
    ### END SOLUTION


# %% [markdown]
# **Exercise 7.** `train_digits(X, y, ...)`: mini-batch training of an MLP of `sizes` on `X`
# $(N, 64)$, `y` $(N,)$. Initialize every `W` with the chosen initializer and every `b` at zero, in
# the order of the layers, from `rng = np.random.default_rng(seed)`. Then for each epoch: take the
# learning rate from `step_decay`, shuffle with `rng.permutation(N)`, and for each mini-batch of
# `batch_size` rows run forward, loss, backward and one update of every parameter with the chosen
# optimizer (one state per parameter array, kept across steps). Return the trained `params` and a
# `history` dict with
#
# - `"loss"`: the mini-batch loss of every step (a list of floats);
# - `"lr"`: the learning rate used in each epoch;
# - `"update_ratio"`: for every step, a list with one number per layer, the update-to-data ratio
#   of its weights, `std(W_next - W) / std(W)`.
#
# **Stated target:** with the default arguments, at least **95% accuracy on the held-out
# images**, which the grader computes itself from the parameters you return. Its other checks
# look at what the training did: one loss per mini-batch step, the stated schedule, a loss that
# goes down, and recorded losses that agree with the returned network.

# %% nbgrader={"grade": false, "grade_id": "train_digits", "locked": false, "schema_version": 3, "solution": true, "task": false}
def train_digits(X, y, sizes=(64, 128, 10), init="he", optimizer="adam", lr0=3e-3, epochs=20,
                 batch_size=32, seed=0):
    """X: (N, sizes[0]), y: (N,) labels in [0, sizes[-1])
    Returns params [(W1 (n_1, n_0), b1 (n_1,)), ...] and history {"loss", "lr", "update_ratio"}."""
    rng = np.random.default_rng(seed)
    make_W = {"he": he_init, "small": small_init}[init]
    update = {"sgd": sgd_update, "adam": adam_update}[optimizer]
    history = {"loss": [], "lr": [], "update_ratio": []}
    ### BEGIN SOLUTION
    params = [(make_W((n_out, n_in), rng), np.zeros(n_out)) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    states = [[None, None] for _ in params]
    N = X.shape[0]
    for epoch in range(epochs):
        lr = step_decay(epoch, lr0)
        history["lr"].append(lr)
        order = rng.permutation(N)
        for start in range(0, N, batch_size):
            idx = order[start:start + batch_size]
            logits, cache = mlp_forward(X[idx], params)
            loss, dlogits = softmax_cross_entropy(logits, y[idx])
            grads = mlp_backward(dlogits, params, cache)
            new_params, ratios = [], []
            for l, ((W, b), (dW, db)) in enumerate(zip(params, grads)):
                W_next, states[l][0] = update(W, dW, states[l][0], lr)
                b_next, states[l][1] = update(b, db, states[l][1], lr)
                ratios.append(float(np.std(W_next - W) / np.std(W)))
                new_params.append((W_next, b_next))
            params = new_params
            history["loss"].append(loss)
            history["update_ratio"].append(ratios)
    ### END SOLUTION
    return params, history


# %% nbgrader={"grade": true, "grade_id": "test_train_digits", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
params_digits, history_digits = train_digits(X_train, y_train)
accuracy = np.mean(mlp_forward(X_test, params_digits)[0].argmax(axis=1) == y_test)
steps_per_epoch = -(-len(X_train) // 32)
print(f"{len(history_digits['loss'])} steps; mean loss of the first 20 {np.mean(history_digits['loss'][:20]):.3f}, "
      f"of the last 20 {np.mean(history_digits['loss'][-20:]):.4f}; held-out accuracy {accuracy:.1%}")
check_shape("params[0][0] (W1)", params_digits[0][0], (128, 64))
check_true(len(history_digits["loss"]) == 20 * steps_per_epoch,
           f"history['loss'] must hold one loss per mini-batch step: 20 epochs x {steps_per_epoch} steps")
check_close("history['lr'] (the stated schedule)", history_digits["lr"], [3e-3 * 0.5 ** (e // 5) for e in range(20)])
check_true(np.all(np.isfinite(history_digits["loss"])), "the loss became NaN or inf: training diverged")
check_true(np.mean(history_digits["loss"][-20:]) < np.mean(history_digits["loss"][:20]), "the loss did not decrease")
check_true(accuracy >= TARGET_ACCURACY, f"held-out accuracy {accuracy:.1%} is below the stated {TARGET_ACCURACY:.0%}")
passed("train_digits")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('06_backprop_by_hand', 'test_train_digits', globals())
### END HIDDEN TESTS

# %% [markdown]
# ### Ablation: initialization × optimizer
#
# Same data, same network, same number of steps; only the initializer and the optimizer change
# (SGD with a learning rate of 0.1, Adam with 0.003, both halved every 5 epochs).

# %%
try:
    runs = {}
    for init in ("he", "small"):
        for optimizer, lr0 in (("sgd", 0.1), ("adam", 3e-3)):
            p, h = train_digits(X_train, y_train, init=init, optimizer=optimizer, lr0=lr0)
            runs[init, optimizer] = (p, h, np.mean(mlp_forward(X_test, p)[0].argmax(axis=1) == y_test))
except NotImplementedError as exc:
    runs = None
    print(f"Not yet: {exc} (finish exercise 7 for the ablation).")
if runs:
    print(f"{'held-out accuracy':>18} | {'SGD':>6} | {'Adam':>6}")
    for init in ("he", "small"):
        print(f"{init + ' init':>18} | {runs[init, 'sgd'][2]:6.1%} | {runs[init, 'adam'][2]:6.1%}")
    fig, ax = plt.subplots(figsize=(6.5, 4))
    window = np.ones(45) / 45
    for (init, optimizer), (_, h, acc) in runs.items():
        ax.semilogy(np.convolve(h["loss"], window, mode="valid"), label=f"{init} init, {optimizer} ({acc:.1%})")
    ax.set(title="Training loss (mean over one epoch of steps)", xlabel="step", ylabel="cross-entropy (log scale)")
    ax.legend()
    plt.show()

# %% [markdown]
# With these budgets Adam beats SGD whatever the initialization, and He beats the tiny
# $\mathcal N(0, 0.01^2)$ draw with either optimizer: with weights that small the logits start
# near zero, the gradients reaching the first layer are tiny, and SGD spends its first epochs
# just growing the weights. Adam divides each step by the gradient's own running scale, which
# hides much of a bad initialization — one reason it became the default.
#
# ### Diagnostics: what the layers see
#
# Three views of a deeper network, 64 → 128 → 128 → 128 → 10, at the start of training: the
# histogram of each hidden layer's activations, the histogram of each layer's weight gradient on
# one batch, and, over a whole training run, the update-to-data ratio of every layer. A healthy
# ratio sits around $10^{-3}$ per step; much below, the layer barely learns; much above, it thrashes.

# %%
try:
    sizes_deep = (64, 128, 128, 128, 10)
    fig, axes = plt.subplots(2, 2, figsize=(11, 7))
    for col, (init, make_W) in enumerate((("he", he_init), ("small", small_init))):
        rng_diag = np.random.default_rng(0)
        params0 = [(make_W((n_out, n_in), rng_diag), np.zeros(n_out))
                   for n_in, n_out in zip(sizes_deep[:-1], sizes_deep[1:])]
        logits0, cache0 = mlp_forward(X_train[:256], params0)
        grads0 = mlp_backward(softmax_cross_entropy(logits0, y_train[:256])[1], params0, cache0)
        for l in range(1, len(params0)):
            activations = np.maximum(cache0[l - 1][1], 0)
            axes[0, col].hist(activations.ravel(), bins=40, histtype="step", log=True,
                              label=f"layer {l}: {np.mean(activations > 0):.0%} active, std {activations.std():.2g}")
        for l, (dW, _) in enumerate(grads0, start=1):
            axes[1, col].hist(dW.ravel(), bins=40, histtype="step", log=True, label=f"dW{l}: std {dW.std():.1e}")
        axes[0, col].set(title=f"{init} init: hidden activations at step 0", xlabel="activation", ylabel="count (log)")
        axes[1, col].set(title=f"{init} init: weight gradients at step 0", xlabel="gradient entry", ylabel="count (log)")
        axes[0, col].legend(fontsize=8)
        axes[1, col].legend(fontsize=8)
    fig.tight_layout()
    plt.show()

    fig, ax = plt.subplots(figsize=(6.5, 4))
    for init, style in (("he", "-"), ("small", "--")):
        _, h = train_digits(X_train, y_train, sizes=sizes_deep, init=init, optimizer="sgd", lr0=0.1, epochs=5)
        ratios = np.log10(np.maximum(np.array(h["update_ratio"]), 1e-12))
        for l in range(ratios.shape[1]):
            ax.plot(ratios[:, l], style, color=f"C{l}", lw=1, label=f"{init} init, W{l + 1}")
    ax.axhline(-3, color="k", ls=":", label="1e-3")
    ax.set(title="Update-to-data ratio per layer (SGD, lr 0.1)", xlabel="step",
           ylabel="log10 std(update) / std(W)")
    ax.legend(fontsize=7, ncol=2)
    plt.show()
except NotImplementedError as exc:
    print(f"Not yet: {exc} (finish the capstone's parts for the diagnostics).")

# %% [markdown]
# With He initialization every layer keeps about half its units active with a similar spread, the
# weight gradients of all layers are of one size, and all four layers move at similar rates (the
# output layer about three times faster). Those rates, $10^{-2.5}$ to $10^{-1.5}$ per step, are above the rule
# of thumb: SGD's learning rate of 0.1 is on the aggressive side, and the ratio says so before the
# loss curve does. With the tiny initialization the activations shrink about tenfold per layer, the
# weight gradients of every layer are three orders of magnitude smaller than with He, and the hidden
# layers' weights move by about $10^{-4.5}$ of their size per step: they barely learn. This is the
# variance argument of lesson 04,
# read off a real run.
#
# ## What to remember
#
# - Backprop through a network is one rule applied per line: the input's gradient is the output's
#   gradient times the local derivative, **summed** over every use of the input.
# - Broadcasting is a hidden use: the gradient of a broadcast operand is summed over the broadcast
#   axes and keeps the operand's shape. Indexing is a scatter that **adds**; a buffered write
#   (`dA[idx] += g`) loses repeated indices.
# - Batch normalization's backward has two mean terms, from $\mu$ and from $\sigma^2$; without them you
#   have the gradient of a layer that does not normalize. It removes the bias before it and makes
#   the forward signal of a deep network insensitive to the weights' scale.
# - A gradient check compares every parameter's gradient with central differences; it says which
#   are wrong, and the dependency structure says where to look. It cannot see a term too small to
#   change the loss (the max in softmax).
# - A real network from your own pieces reaches 96% on held-out digits in well under a second.
#   Watch the activation and gradient histograms and the update-to-data ratio to see an
#   initialization or learning-rate problem before the loss curve shows it.
#
# ## What comes next
#
# You now own every piece of a training loop. The natural next steps are the ones libraries
# automate: a tape that records the forward pass and runs these backward rules for you (lesson 01's
# engine, grown to tensors), convolutional layers (their backward is a convolution, with exactly
# the sums and scatters of this lesson), and regularization against overfitting (the gap between
# the training and held-out accuracies above).
