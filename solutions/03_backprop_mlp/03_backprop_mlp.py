# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lesson 03 — Backpropagation equations for MLPs
#
# **Time:** about 90 minutes of focused work. **Points:** 23 — 4 for derivations, predictions and answers worked out by hand, 19 for code.
#
# In lessons 01 and 02 you differentiated one operation at a time. Here you put the pieces
# together into the algorithm that trains every neural network: backpropagation through a
# multi-layer perceptron (MLP), for a whole batch at once.
#
# **By the end of this lesson you will be able to**
#
# - state the four backpropagation equations and derive them: a base step at the output
#   layer and an induction step from one layer to the one below;
# - write the forward and backward pass of a linear layer, ReLU, sigmoid, tanh,
#   mean-squared error and a numerically stable softmax cross-entropy, for a batch, with no
#   Python loop over examples;
# - run the backward pass of a whole MLP from the values its forward pass cached, and
#   follow every number by hand on a two-layer network with three examples;
# - check any gradient with a finite-difference gradient checker you write yourself;
# - train an MLP with stochastic gradient descent, and explain why deep sigmoid networks
#   learn slowly and how much memory backpropagation needs.
#
# **Conventions**, as stated in
# [lesson 02, section 1 "The course's conventions, stated once"](../02_jacobians/02_jacobians.ipynb):
# per example, column vectors and $z = W a + b$ with $W$ of shape $(n_\text{out}, n_\text{in})$;
# in code a batch is an array $(B, n)$ with one example per row, so a layer computes
# `Z = A @ W.T + b`; losses are averaged over the batch; a gradient has the shape of what it is
# taken with respect to; $\ell$ is the loss of one example and $\mathcal{L}$ the batch mean ($L$ is the number
# of layers, $C$ the number of classes); $\delta^l = \partial \ell / \partial z^l$ is "the error at layer $l$" of one
# example, and $\Delta^l = \partial \mathcal{L} / \partial Z^l$ (in code `dZ`) its batch form, with the $\frac1B$ inside.
#
# **How to work.** In each exercise cell, replace the line `raise NotImplementedError(...)` with your
# code and run the test cell below it. A failing test names the quantity, shows expected and obtained values, and where it can
# tells you the likely mistake (transposed, off by the batch size, sign flipped, ...).
# More tests, on other shapes and seeds, run when the notebook is graded.

# %% nbgrader={"grade": false, "grade_id": "setup_imports", "locked": true, "schema_version": 3, "solution": false, "task": false}
import numpy as np
import matplotlib.pyplot as plt

from backprop.checking import check_close, check_shape, check_scalar, check_true, passed, ready

np.set_printoptions(precision=4, suppress=True)


# %% [markdown]
# ## 1. Notation
#
# An MLP with $L$ layers maps an input $x \in \mathbb{R}^{n_0}$ to an output $a^L \in \mathbb{R}^{n_L}$:
#
# $$
# a^0 = x, \qquad z^l = W^l a^{l-1} + b^l, \qquad a^l = g(z^l), \qquad l = 1, \dots, L,
# $$
#
# with $W^l$ of shape $(n_l, n_{l-1})$ and $b^l \in \mathbb{R}^{n_l}$. The activation $g$ acts
# elementwise; here the hidden layers share one $g$ (ReLU, sigmoid or tanh) and the output
# layer is linear ($a^L = z^L$) unless stated otherwise. $z^l$ is the **pre-activation**,
# $a^l$ the **activation**.
#
# For one example the loss is a number $\ell(a^L, y)$, for instance $\ell = \lVert a^L - y \rVert^2$.
# The quantity backpropagation is built on is the error at layer $l$,
#
# $$
# \delta^l = \frac{\partial \ell}{\partial z^l} \in \mathbb{R}^{n_l}
# \qquad\text{(a column vector, like } z^l\text{)}.
# $$

# %% [markdown]
# ## 2. The four equations of backpropagation
#
# With $\odot$ the elementwise product:
#
# $$
# \begin{aligned}
# &\text{(BP1)}\quad & \delta^L &= \nabla_{a^L} \ell \odot g'(z^L) \\
# &\text{(BP2)}\quad & \delta^l &= \big( (W^{l+1})^\top \delta^{l+1} \big) \odot g'(z^l), \qquad l = L-1, \dots, 1 \\
# &\text{(BP3)}\quad & \frac{\partial \ell}{\partial b^l} &= \delta^l \\
# &\text{(BP4)}\quad & \frac{\partial \ell}{\partial W^l} &= \delta^l \, (a^{l-1})^\top,
# \qquad\text{i.e.}\quad \frac{\partial \ell}{\partial W^l_{jk}} = \delta^l_j \, a^{l-1}_k .
# \end{aligned}
# $$
#
# ### Derivation
#
# We show that every $\delta^l$ is given by BP1–BP2, by induction from the output down.
#
# **Base step ($l = L$).** $\ell$ depends on $z^L_j$ only through $a^L_j = g(z^L_j)$ (the activation is
# elementwise, so $z^L_j$ touches no other output). The scalar chain rule gives
#
# $$
# \delta^L_j = \frac{\partial \ell}{\partial a^L_j} \, \frac{\partial a^L_j}{\partial z^L_j}
# = \frac{\partial \ell}{\partial a^L_j} \, g'(z^L_j),
# $$
#
# which is BP1. For a linear output layer $g' = 1$ and $\delta^L = \nabla_{a^L} \ell$.
#
# **Induction step (from $l+1$ to $l$).** Suppose $\delta^{l+1}$ is known. The pre-activation
# $z^l_k$ influences $\ell$ only through $a^l_k$, which feeds every $z^{l+1}_j = \sum_k W^{l+1}_{jk} a^l_k + b^{l+1}_j$.
# The multivariable chain rule sums over these paths:
#
# $$
# \delta^l_k = \sum_j \frac{\partial \ell}{\partial z^{l+1}_j} \, \frac{\partial z^{l+1}_j}{\partial a^l_k} \, \frac{\partial a^l_k}{\partial z^l_k}
# = \sum_j \delta^{l+1}_j \, W^{l+1}_{jk} \, g'(z^l_k)
# = \big( (W^{l+1})^\top \delta^{l+1} \big)_k \, g'(z^l_k),
# $$
#
# which is BP2. Starting from BP1 and applying BP2 for $l = L-1, L-2, \dots, 1$ gives every $\delta^l$.
#
# **Parameters.** $W^l_{jk}$ and $b^l_j$ influence $\ell$ only through $z^l_j = \sum_k W^l_{jk} a^{l-1}_k + b^l_j$, and
# $\partial z^l_j / \partial b^l_j = 1$, $\partial z^l_j / \partial W^l_{jk} = a^{l-1}_k$. So
# $\partial \ell / \partial b^l_j = \delta^l_j$ (BP3) and $\partial \ell / \partial W^l_{jk} = \delta^l_j a^{l-1}_k$ (BP4): an outer
# product of shape $(n_l, n_{l-1})$, the shape of $W^l$.
#
# **Where $g'$ is evaluated.** Always at the pre-activation $z^l$. For sigmoid and tanh the
# derivative can be *written* with the output $a = g(z)$: $\sigma'(z) = a(1-a)$ and
# $\tanh'(z) = 1 - a^2$. That is still the derivative at $z$. Computing $\sigma'(a)$ — the
# derivative evaluated at the activation — is a classic bug, and the tests look for it.

# %% [markdown]
# ## 3. Batches: one row per example, the mean taken once
#
# In code the $B$ examples of a batch are the rows of $A^{l}$ (shape $(B, n_l)$) and
# $Z^l = A^{l-1} (W^l)^\top + b^l$. The batch loss is the mean of the per-example losses,
# $\mathcal{L} = \frac{1}{B} \sum_i \ell_i$. Example $i$ only touches row $i$, so the error of example $i$
# at layer $l$ is $\frac{1}{B} \delta^l_{(i)}$. Stack these as the rows of $\Delta^l$
# (in code `dZ`, shape $(B, n_l)$). The four equations become matrix products:
#
# $$
# \Delta^L = \frac{\partial \mathcal{L}}{\partial A^L} \odot g'(Z^L), \qquad
# \Delta^l = \big( \Delta^{l+1} W^{l+1} \big) \odot g'(Z^l), \qquad
# \frac{\partial \mathcal{L}}{\partial b^l} = \sum_{i} \Delta^l_{i,:}, \qquad
# \frac{\partial \mathcal{L}}{\partial W^l} = (\Delta^l)^\top A^{l-1} = \frac{1}{B} \sum_i \delta^l_{(i)} \, \big(a^{l-1}_{(i)}\big)^\top .
# $$
#
# Row $i$ of $\Delta^{l+1} W^{l+1}$ is $\frac{1}{B}\big((W^{l+1})^\top \delta^{l+1}_{(i)}\big)^\top$: BP2 for every example at once.
# $(\Delta^l)^\top A^{l-1}$ adds up the per-example outer products of BP4.
#
# **The $1/B$ enters once, at the loss:** $\partial \mathcal{L} / \partial A^L$ already carries it. Everything below
# *sums* over the batch (in $\partial \mathcal{L}/\partial W$ and $\partial \mathcal{L}/\partial b$); dividing by $B$ again would make
# every gradient $B$ times too small, and forgetting it makes them $B$ times too large.
#
# ### The algorithm
#
# 1. Initialize the weights (small random numbers; lesson 04 says how small) and the biases at 0.
# 2. Pick a mini-batch of examples.
# 3. **Forward:** compute and *cache* every $Z^l$ and $A^l$.
# 4. **Backward:** $\Delta^L$ from the loss, then $\Delta^{L-1}, \dots, \Delta^1$ by BP2, and every
#    $\partial \mathcal{L}/\partial W^l$, $\partial \mathcal{L}/\partial b^l$ by BP3–BP4 from the cached values.
# 5. **Update:** $W^l \leftarrow W^l - \eta \, \partial \mathcal{L}/\partial W^l$, $b^l \leftarrow b^l - \eta \, \partial \mathcal{L}/\partial b^l$.
# 6. Repeat from 2.

# %% [markdown]
# ## 4. The linear layer
#
# Forward: `Z = A @ W.T + b`, with `A` of shape $(B, n_\text{in})$, `W` $(n_\text{out}, n_\text{in})$,
# `b` $(n_\text{out},)$. The backward pass receives `dZ` $= \partial \mathcal{L}/\partial Z$ (shape $(B, n_\text{out})$, the
# batch mean already inside) and returns
#
# - `dA`, shape $(B, n_\text{in})$ — the input of BP2 for the layer below;
# - `dW`, shape $(n_\text{out}, n_\text{in})$ — BP4 summed over the batch;
# - `db`, shape $(n_\text{out},)$ — BP3 summed over the batch.
#
# Each is one numpy expression in `dZ`, `A` and `W`: read it off the batch equations of section 3, and let
# the shapes decide the order of each product and which axis a sum runs over.
#
# The forward pass returns a `cache`: whatever the backward pass will need (here `A` and `W`).
#
# **Exercise 1.** Write `linear_forward` and `linear_backward`. No loops.
#
# - `linear_forward(A, W, b)`: `A` $(B, n_\text{in})$, `W` $(n_\text{out}, n_\text{in})$, `b` $(n_\text{out},)$ →
#   `Z` $(B, n_\text{out})$ and `cache`.
# - `linear_backward(dZ, cache)`: `dZ` $(B, n_\text{out})$ → `dA` $(B, n_\text{in})$, `dW` $(n_\text{out}, n_\text{in})$,
#   `db` $(n_\text{out},)$.
# - Reduction: `dW` and `db` **sum** over the batch axis (axis 0); no division by $B$ (it is inside `dZ`).

# %% nbgrader={"grade": false, "grade_id": "linear_forward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def linear_forward(A, W, b):
    """Affine layer for a batch: Z = A @ W.T + b.

    A: (B, n_in), W: (n_out, n_in), b: (n_out,)
    Returns Z: (B, n_out) and cache = (A, W), what linear_backward needs.
    """
    ### BEGIN SOLUTION
    Z = A @ W.T + b
    cache = (A, W)
    ### END SOLUTION
    return Z, cache


# %% nbgrader={"grade": true, "grade_id": "test_linear_forward", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
A = np.array([[1., 2., 3.],
              [0., -1., 1.],
              [2., 0., 1.]])                 # B = 3 examples, n_in = 3
W = np.array([[1., 0., -1.],
              [2., 1., 0.]])                 # n_out = 2
b = np.array([0.5, -1.])
Z, cache = linear_forward(A, W, b)
# by hand, example 0: W a + b = (1 - 3 + 0.5, 2 + 2 - 1) = (-1.5, 3)
check_close("Z", Z, np.array([[-1.5, 3.0], [-0.5, -2.0], [1.5, 3.0]]))
passed("linear_forward")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('03_backprop_mlp', 'test_linear_forward', globals())
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "linear_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def linear_backward(dZ, cache):
    """Backward of Z = A @ W.T + b.

    dZ: (B, n_out), the gradient of the batch-mean loss with respect to Z
    cache: (A, W) from linear_forward
    Returns dA: (B, n_in), dW: (n_out, n_in), db: (n_out,) -- sums over the batch, no mean.
    """
    A, W = cache
    ### BEGIN SOLUTION
    dA = dZ @ W
    dW = dZ.T @ A
    db = dZ.sum(axis=0)
    ### END SOLUTION
    return dA, dW, db


# %% nbgrader={"grade": true, "grade_id": "test_linear_backward", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
A = np.array([[1., 2., 3.], [0., -1., 1.], [2., 0., 1.]])
W = np.array([[1., 0., -1.], [2., 1., 0.]])
b = np.array([0.5, -1.])
dZ = np.array([[1., -1.], [2., 0.5], [0., 1.]])
_, cache = linear_forward(A, W, b)
dA, dW, db = linear_backward(dZ, cache)
# by hand: row 0 of dW is 1 * A[0] + 2 * A[1] + 0 * A[2] = (1, 0, 5)
check_close("dW", dW, np.array([[1., 0., 5.], [1., -2.5, -1.5]]), batch_size=3)
check_close("db", db, np.array([3., 0.5]), batch_size=3)
check_close("dA", dA, np.array([[-1., -1., -1.], [3., 0.5, -2.], [2., 1., 0.]]), batch_size=3)
passed("linear_backward")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('03_backprop_mlp', 'test_linear_backward', globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 5. Activations
#
# An elementwise activation $A = g(Z)$ has the backward pass $dZ = dA \odot g'(Z)$ — BP2's
# "$\odot\, g'(z^l)$". Never build the diagonal Jacobian (lesson 02).
#
# | $g$ | $g'(z)$ | written with $a = g(z)$ |
# |---|---|---|
# | ReLU $\max(z, 0)$ | $\mathbb{1}[z > 0]$ (0 at $z = 0$ by convention) | $\mathbb{1}[a > 0]$ |
# | sigmoid $\sigma(z) = 1/(1+e^{-z})$ | $\sigma(z)(1 - \sigma(z))$ | $a(1-a)$ |
# | tanh | $1 - \tanh^2(z)$ | $1 - a^2$ |
#
# Choose what to cache: $Z$, or the output $A$ when the derivative can be written with it.
# Either way, it must be the derivative **at $z$**.
#
# **Exercise 2.** Write the three forward/backward pairs.
#
# - `*_forward(Z)`: `Z` of any shape (e.g. $(B, n)$) → `A` of the same shape, and a `cache`.
# - `*_backward(dA, cache)`: `dA` of that shape → `dZ` of the same shape.
# - Reduction: none; everything is elementwise.

# %% nbgrader={"grade": false, "grade_id": "relu", "locked": false, "schema_version": 3, "solution": true, "task": false}
def relu_forward(Z):
    """A = max(Z, 0) elementwise. Z: any shape -> A: same shape, and a cache for relu_backward."""
    ### BEGIN SOLUTION
    A = np.maximum(Z, 0)
    cache = Z
    ### END SOLUTION
    return A, cache


def relu_backward(dA, cache):
    """dZ = dA * 1[Z > 0] (zero where Z <= 0). dA: shape of Z -> dZ: shape of Z."""
    ### BEGIN SOLUTION
    Z = cache
    dZ = dA * (Z > 0)
    ### END SOLUTION
    return dZ


# %% nbgrader={"grade": true, "grade_id": "test_relu", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
Z = np.array([[-2., 0., 3.], [1., -0.5, 0.25]])
dA = np.array([[10., 20., 30.], [40., 50., 60.]])
A, cache = relu_forward(Z)
check_close("relu_forward(Z)", A, np.array([[0., 0., 3.], [1., 0., 0.25]]))
# the gradient passes where z > 0 and is blocked elsewhere (also at z = 0 exactly)
check_close("relu_backward(dA, cache)", relu_backward(dA, cache),
            np.array([[0., 0., 30.], [40., 0., 60.]]),
            mistakes={"1[Z >= 0] instead of 1[Z > 0]: at z = 0 the gradient is blocked": dA * (Z >= 0)})
passed("relu_forward and relu_backward")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('03_backprop_mlp', 'test_relu', globals())
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "sigmoid", "locked": false, "schema_version": 3, "solution": true, "task": false}
def sigmoid_forward(Z):
    """A = 1 / (1 + exp(-Z)) elementwise. Z: any shape -> A: same shape, and a cache."""
    ### BEGIN SOLUTION
    A = 1.0 / (1.0 + np.exp(-Z))
    cache = A
    ### END SOLUTION
    return A, cache


def sigmoid_backward(dA, cache):
    """dZ = dA * sigma'(Z), with sigma'(z) = sigma(z) (1 - sigma(z)). dA, dZ: shape of Z."""
    ### BEGIN SOLUTION
    A = cache
    dZ = dA * A * (1 - A)
    ### END SOLUTION
    return dZ


# %% nbgrader={"grade": true, "grade_id": "test_sigmoid", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
Z = np.array([[0., np.log(3.)], [-np.log(3.), 2.]])
dA = np.array([[1., 2.], [3., -1.]])
A, cache = sigmoid_forward(Z)
# sigma(0) = 1/2 and sigma(log 3) = 3/4, so sigma'(0) = 1/4 and sigma'(log 3) = 3/16
check_close("sigmoid_forward(Z)", A, np.array([[0.5, 0.75], [0.25, 1 / (1 + np.exp(-2.))]]))
s2 = 1 / (1 + np.exp(-2.))
check_close("sigmoid_backward(dA, cache)", sigmoid_backward(dA, cache),
            np.array([[0.25, 2 * 3 / 16], [3 * 3 / 16, -s2 * (1 - s2)]]),
            mistakes={"sigma' evaluated at the activation a instead of at z":
                      dA * (1 / (1 + np.exp(-A))) * (1 - 1 / (1 + np.exp(-A)))})
passed("sigmoid_forward and sigmoid_backward")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('03_backprop_mlp', 'test_sigmoid', globals())
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "tanh", "locked": false, "schema_version": 3, "solution": true, "task": false}
def tanh_forward(Z):
    """A = tanh(Z) elementwise. Z: any shape -> A: same shape, and a cache."""
    ### BEGIN SOLUTION
    A = np.tanh(Z)
    cache = A
    ### END SOLUTION
    return A, cache


def tanh_backward(dA, cache):
    """dZ = dA * (1 - tanh(Z)**2). dA, dZ: shape of Z."""
    ### BEGIN SOLUTION
    A = cache
    dZ = dA * (1 - A ** 2)
    ### END SOLUTION
    return dZ


# %% nbgrader={"grade": true, "grade_id": "test_tanh", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
Z = np.array([[0., np.log(2.)], [-np.log(2.), 1.]])
dA = np.array([[2., 5.], [1., 1.]])
A, cache = tanh_forward(Z)
# tanh(log 2) = 3/5, so tanh'(log 2) = 1 - 9/25 = 16/25
check_close("tanh_forward(Z)", A, np.array([[0., 0.6], [-0.6, np.tanh(1.)]]))
check_close("tanh_backward(dA, cache)", tanh_backward(dA, cache),
            np.array([[2., 5 * 16 / 25], [16 / 25, 1 - np.tanh(1.) ** 2]]),
            mistakes={"tanh' evaluated at the activation a instead of at z": dA * (1 - np.tanh(A) ** 2)})
passed("tanh_forward and tanh_backward")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('03_backprop_mlp', 'test_tanh', globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 6. Losses: where the batch mean enters
#
# **Mean-squared error.** For predictions $\hat Y$ and targets $Y$, both $(B, k)$:
#
# $$
# \mathcal{L} = \frac{1}{B} \sum_{i=1}^{B} \sum_{j=1}^{k} (\hat Y_{ij} - Y_{ij})^2, \qquad
# \frac{\partial \mathcal{L}}{\partial \hat Y} = \frac{2}{B} (\hat Y - Y).
# $$
#
# Mean over the batch, **sum** over the outputs, no factor $\tfrac12$ (the course's convention).
#
# **Exercise 3.** `mse_loss(Y_hat, Y)`: `Y_hat`, `Y` $(B, k)$ → `(loss, dY_hat)`, `loss` a number
# and `dY_hat` $(B, k)$. Reduction: sum over the $k$ outputs, mean over the $B$ examples.

# %% nbgrader={"grade": false, "grade_id": "mse_loss", "locked": false, "schema_version": 3, "solution": true, "task": false}
def mse_loss(Y_hat, Y):
    """Batch-mean of the summed squared error, and its gradient.

    Y_hat, Y: (B, k)
    Returns loss (a number) = (1/B) sum_i sum_j (Y_hat - Y)_ij^2 and dY_hat: (B, k).
    """
    ### BEGIN SOLUTION
    B = Y_hat.shape[0]
    diff = Y_hat - Y
    loss = np.sum(diff ** 2) / B
    dY_hat = 2 * diff / B
    ### END SOLUTION
    return loss, dY_hat


# %% nbgrader={"grade": true, "grade_id": "test_mse_loss", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
Y_hat = np.array([[1., 2.], [0., 0.], [3., -1.]])
Y = np.array([[0., 2.], [1., 1.], [3., 1.]])
loss, dY_hat = mse_loss(Y_hat, Y)
# squared errors per example: 1 + 0, 1 + 1, 0 + 4  -> sum 7, mean over B = 3 examples
mean_over_outputs = "np.mean also averaged over the 2 outputs: sum over the outputs, average over the batch only"
check_scalar("loss", loss, 7 / 3, batch_size=3, mistakes={mean_over_outputs: 7 / 6})
check_close("dY_hat", dY_hat, 2 * (Y_hat - Y) / 3, batch_size=3)
passed("mse_loss")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('03_backprop_mlp', 'test_mse_loss', globals())
### END HIDDEN TESTS

# %% [markdown]
# **Softmax cross-entropy.** For logits $z \in \mathbb{R}^C$ and the true class $y$,
# $p = \mathrm{softmax}(z)$, $p_k = e^{z_k} / \sum_j e^{z_j}$, and $\ell = -\log p_y$. Lesson 02 showed
# $\partial \ell / \partial z = p - e_y$ ($e_y$ the one-hot vector of the label). For a batch with integer
# labels `y` of shape $(B,)$:
#
# $$
# \mathcal{L} = -\frac{1}{B} \sum_i \log p_{i, y_i}, \qquad \frac{\partial \mathcal{L}}{\partial Z} = \frac{1}{B} (P - \mathrm{onehot}(y)).
# $$
#
# **Numerical stability.** `np.exp(1000.)` overflows to `inf`, and `inf / inf` is `nan`. Since
# $\mathrm{softmax}(z) = \mathrm{softmax}(z - c)$ for any constant $c$, subtract each row's maximum first:
# every exponent is then $\le 0$, and the largest term of each row's sum is exactly 1. For the
# loss, do not take `np.log` of a probability that may have underflowed to 0; use
#
# $$
# \log p_k = (z_k - m) - \log \sum_j e^{z_j - m}, \qquad m = \max_j z_j .
# $$
#
# **Exercise 4.** `softmax(Z)`: `Z` $(B, C)$ → `P` $(B, C)$, normalized along each row (axis 1),
# stable for logits of size 1000. No reduction over the batch.
#
# **Exercise 5.** `softmax_cross_entropy(logits, y)`: `logits` $(B, C)$, integer labels `y` $(B,)$ →
# `(loss, dlogits)`, `loss` a number and `dlogits` $(B, C)$. Reduction: mean over the batch (in the
# loss, hence the $1/B$ in `dlogits`). Stable for logits of size 1000.

# %% nbgrader={"grade": false, "grade_id": "softmax", "locked": false, "schema_version": 3, "solution": true, "task": false}
def softmax(Z):
    """Softmax of each row of Z: (B, C) -> P: (B, C), rows summing to 1; no overflow for large Z."""
    ### BEGIN SOLUTION
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    ### END SOLUTION
    return P


# %% nbgrader={"grade": true, "grade_id": "test_softmax", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
Z = np.array([[0., np.log(3.)], [1000., 1000.], [-1000., 0.]])
P = softmax(Z)
check_close("softmax(Z)", P, np.array([[0.25, 0.75], [0.5, 0.5], [0., 1.]]), atol=1e-12)
check_close("row sums of softmax(Z)", P.sum(axis=1), np.ones(3))
passed("softmax")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('03_backprop_mlp', 'test_softmax', globals())
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "softmax_cross_entropy", "locked": false, "schema_version": 3, "solution": true, "task": false}
def softmax_cross_entropy(logits, y):
    """Batch-mean cross-entropy of softmax(logits) with integer labels, and its gradient.

    logits: (B, C), y: (B,) integers in [0, C)
    Returns loss (a number) = -(1/B) sum_i log softmax(logits)[i, y_i]
    and dlogits: (B, C), the gradient of that batch-mean loss.  Stable for logits of size 1000.
    """
    ### BEGIN SOLUTION
    B = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_sum = np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    log_p = shifted - log_sum
    rows = np.arange(B)
    loss = -np.mean(log_p[rows, y])
    dlogits = np.exp(log_p)
    dlogits[rows, y] -= 1
    dlogits /= B
    ### END SOLUTION
    return loss, dlogits


# %% nbgrader={"grade": true, "grade_id": "test_softmax_cross_entropy", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
logits = np.array([[0., np.log(3.)], [2., 2.], [1000., 0.]])
y = np.array([1, 0, 1])
loss, dlogits = softmax_cross_entropy(logits, y)
check_true(np.isfinite(loss) and np.all(np.isfinite(dlogits)),
           f"loss = {loss} or dlogits is not finite on the row with logits (1000, 0). Either exp overflowed "
           "(subtract each row's maximum first) or you took np.log of a probability that underflowed "
           "to 0 (compute log p as shifted logits minus log-sum-exp).")
# per example: -log(3/4), -log(1/2), and -log(e^-1000 / (1 + e^-1000)) = 1000 (to 1e-300)
check_scalar("loss", loss, (-np.log(0.75) + np.log(2.) + 1000.) / 3)
check_close("dlogits", dlogits, np.array([[0.25, -0.25], [-0.5, 0.5], [1., -1.]]) / 3,
            atol=1e-12, batch_size=3)
passed("softmax_cross_entropy")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('03_backprop_mlp', 'test_softmax_cross_entropy', globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 7. Backpropagation through a whole MLP
#
# Now the layers become a network. The helpers below give the activation $g$ and its
# derivative $g'$ by name (they are the package's versions of what you just wrote), and
# `init_params` draws weights with variance $1/n_\text{in}$ and zero biases (lesson 04
# explains that choice). A network is a list `params = [(W1, b1), ..., (WL, bL)]`.
#
# Cache format, used by both functions below:
# `cache = (As, Zs)` with `As = [a^0 = X, a^1, ..., a^{L-1}]` (the input of each layer) and
# `Zs = [z^1, ..., z^L]` (each layer's pre-activation), all batch-first.

# %% nbgrader={"grade": false, "grade_id": "setup_mlp_helpers", "locked": true, "schema_version": 3, "solution": false, "task": false}
from backprop import activations as act

G = {"relu": act.relu, "sigmoid": act.sigmoid, "tanh": np.tanh}
G_PRIME = {"relu": act.relu_prime, "sigmoid": act.sigmoid_prime, "tanh": act.tanh_prime}


def init_params(sizes, rng):
    '''[(W1, b1), ...] for layer widths sizes = [n_0, ..., n_L]; W^l ~ N(0, 1 / n_(l-1)), b^l = 0.'''
    return [(rng.normal(0.0, np.sqrt(1.0 / n_in), size=(n_out, n_in)), np.zeros(n_out))
            for n_in, n_out in zip(sizes[:-1], sizes[1:])]


# %% [markdown]
# **Exercise 6.** `mlp_forward(X, params, activation)`: `X` $(B, n_0)$ → `out` $(B, n_L)$ and the
# cache above (`As[l-1]` $(B, n_{l-1})$, `Zs[l-1]` $(B, n_l)$ for layer $l$). Hidden layers apply
# `G[activation]`; the last layer is linear. No reduction.

# %% nbgrader={"grade": false, "grade_id": "mlp_forward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def mlp_forward(X, params, activation="tanh"):
    """Forward pass of an MLP.

    X: (B, n_0); params: [(W1, b1), ..., (WL, bL)] with Wl: (n_l, n_(l-1)), bl: (n_l,)
    Returns out: (B, n_L) = z^L (linear output layer) and cache = (As, Zs) with
    As = [a^0 = X, ..., a^(L-1)] and Zs = [z^1, ..., z^L].
    """
    As, Zs = [], []
    ### BEGIN SOLUTION
    A = X
    for l, (W, b) in enumerate(params):
        As.append(A)
        Z = A @ W.T + b
        Zs.append(Z)
        A = Z if l == len(params) - 1 else G[activation](Z)
    out = A
    ### END SOLUTION
    return out, (As, Zs)


# %% nbgrader={"grade": true, "grade_id": "test_mlp_forward", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
X = np.array([[1., 0.], [0., 1.], [1., 1.]])
params = [(np.array([[1., -1.], [2., 0.]]), np.array([0.5, -1.])),
          (np.array([[1., -2.]]), np.array([0.5]))]
out, (As, Zs) = mlp_forward(X, params, "relu")
check_true(len(As) == 2 and len(Zs) == 2, "cache must hold As = [a^0, a^1] and Zs = [z^1, z^2] for 2 layers")
check_close("As[0] (a^0 = X, the input of layer 1)", As[0], X)
check_close("Zs[0] (z^1)", Zs[0], np.array([[1.5, 1.], [-0.5, -1.], [0.5, 1.]]))
check_close("As[1] (a^1 = relu(z^1))", As[1], np.array([[1.5, 1.], [0., 0.], [0.5, 1.]]))
check_close("out (z^2, linear output)", out, np.array([[0.], [0.5], [-1.]]))
passed("mlp_forward")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('03_backprop_mlp', 'test_mlp_forward', globals())
### END HIDDEN TESTS

# %% [markdown]
# **Exercise 7.** `mlp_backward(dOut, params, cache, activation)`: given
# `dOut` $= \partial \mathcal{L} / \partial z^L$, shape $(B, n_L)$, with the batch mean already inside (the output
# layer is linear, so this is $\Delta^L$ by BP1), return `[(dW1, db1), ..., (dWL, dbL)]` with
# `dWl` $(n_l, n_{l-1})$ and `dbl` $(n_l,)$, sums over the batch (no further $1/B$), walking the layers
# from $L$ down to 1:
#
# - `dW`, `db` of layer $l$ from $\Delta^l$ and $A^{l-1}$ (BP3, BP4);
# - $\Delta^{l-1} = (\Delta^l W^l) \odot g'(Z^{l-1})$ (BP2) — with `G_PRIME[activation]` at the
#   **pre-activation**.

# %% nbgrader={"grade": false, "grade_id": "mlp_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def mlp_backward(dOut, params, cache, activation="tanh"):
    """Backward pass of an MLP whose forward pass returned `cache`.

    dOut: (B, n_L), gradient of the batch-mean loss with respect to the output z^L
    params: [(W1, b1), ..., (WL, bL)]; cache = (As, Zs) from mlp_forward
    Returns [(dW1, db1), ..., (dWL, dbL)] with dWl.shape == Wl.shape and dbl.shape == bl.shape.
    """
    As, Zs = cache
    grads = [None] * len(params)
    ### BEGIN SOLUTION
    dZ = dOut                                          # Delta^L (BP1, linear output layer)
    for l in reversed(range(len(params))):
        W, b = params[l]
        grads[l] = (dZ.T @ As[l], dZ.sum(axis=0))     # BP4 and BP3, summed over the batch
        if l > 0:
            dZ = (dZ @ W) * G_PRIME[activation](Zs[l - 1])   # BP2
    ### END SOLUTION
    return grads


# %% [markdown]
# ### A worked example you can follow by hand
#
# Two layers (2 → 2 → 1), ReLU hidden layer, MSE, a batch of $B = 3$:
#
# $$
# X = \begin{pmatrix} 1 & 0 \\ 0 & 1 \\ 1 & 1 \end{pmatrix},\quad
# W^1 = \begin{pmatrix} 1 & -1 \\ 2 & 0 \end{pmatrix},\quad b^1 = \begin{pmatrix} 0.5 \\ -1 \end{pmatrix},\quad
# W^2 = \begin{pmatrix} 1 & -2 \end{pmatrix},\quad b^2 = 0.5,\quad
# Y = \begin{pmatrix} 1 \\ 0 \\ -0.5 \end{pmatrix}.
# $$
#
# **Forward.** $Z^1 = X (W^1)^\top + b^1$ has rows $(1.5, 1)$, $(-0.5, -1)$, $(0.5, 1)$, so
# $A^1 = \mathrm{relu}(Z^1)$ has rows $(1.5, 1)$, $(0, 0)$, $(0.5, 1)$: example 2 switches both hidden units off.
# $Z^2 = A^1 (W^2)^\top + 0.5 = (0,\ 0.5,\ -1)^\top$. Errors $\hat Y - Y = (-1,\ 0.5,\ -0.5)^\top$,
# loss $\mathcal{L} = (1 + 0.25 + 0.25)/3 = 0.5$.
#
# **Predict the backward pass (graded, 2 points).** Before you read on, work out by hand, as exact fractions:
# $\Delta^2 = \partial \mathcal{L}/\partial Z^2$ from the MSE (the batch mean is inside it), then BP3/BP4 for layer 2,
# BP2 down to $\Delta^1$ (which rows does the ReLU switch off?), and BP3/BP4 for layer 1. Return
# $\partial \mathcal{L}/\partial W^1$, $\partial \mathcal{L}/\partial b^1$, $\partial \mathcal{L}/\partial W^2$, $\partial \mathcal{L}/\partial b^2$ from
# `worked_example_by_hand` (shapes as the parameters: `(2, 2)`, `(2,)`, `(1, 2)`, `(1,)`). The worked solution
# follows the test cell.

# %% nbgrader={"grade": false, "grade_id": "worked_example_by_hand", "locked": false, "schema_version": 3, "solution": true, "task": false}
def worked_example_by_hand():
    """Your (dW1, db1, dW2, db2) for the 2-2-1 example, exact fractions: shapes (2, 2), (2,), (1, 2), (1,)."""
    ### BEGIN SOLUTION
    D2 = np.array([[-2 / 3], [1 / 3], [-1 / 3]])                    # (2 / B)(Y_hat - Y), B = 3
    A1 = np.array([[1.5, 1], [0, 0], [0.5, 1]])
    D1 = (D2 @ np.array([[1.0, -2.0]])) * np.array([[1, 1], [0, 0], [1, 1]])
    X = np.array([[1.0, 0], [0, 1], [1, 1]])
    return D1.T @ X, D1.sum(axis=0), D2.T @ A1, D2.sum(axis=0)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_worked_example_by_hand", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
answer = worked_example_by_hand()
check_true(len(answer) == 4, "worked_example_by_hand() must return (dW1, db1, dW2, db2)")
for name, value, shape in zip(("dW1", "db1", "dW2", "db2"), answer, [(2, 2), (2,), (1, 2), (1,)]):
    check_shape(name, np.asarray(value, dtype=float), shape)
passed("worked_example_by_hand (its values are checked at grading)")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('03_backprop_mlp', 'test_worked_example_by_hand', globals())
### END HIDDEN TESTS

# %% [markdown]
# **The backward pass, worked out** (compare with your prediction).
#
# **Backward.** BP1 with the MSE gradient: $\Delta^2 = \tfrac{2}{3}(\hat Y - Y) = (-\tfrac23,\ \tfrac13,\ -\tfrac13)^\top$.
#
# - BP3/BP4: $\partial \mathcal{L}/\partial b^2 = -\tfrac23 + \tfrac13 - \tfrac13 = -\tfrac23$, and
#   $\partial \mathcal{L}/\partial W^2 = (\Delta^2)^\top A^1 = -\tfrac23 (1.5, 1) + \tfrac13 (0, 0) - \tfrac13 (0.5, 1) = (-\tfrac76,\ -1)$.
# - BP2: $\Delta^2 W^2$ has rows $-\tfrac23(1, -2) = (-\tfrac23, \tfrac43)$, $(\tfrac13, -\tfrac23)$, $(-\tfrac13, \tfrac23)$;
#   multiplying by $\mathbb{1}[Z^1 > 0]$ (rows $(1,1)$, $(0,0)$, $(1,1)$) zeroes example 2:
#   $\Delta^1$ has rows $(-\tfrac23, \tfrac43)$, $(0, 0)$, $(-\tfrac13, \tfrac23)$.
# - BP3/BP4: $\partial \mathcal{L}/\partial b^1 = (-1,\ 2)$ and
#   $\partial \mathcal{L}/\partial W^1 = (\Delta^1)^\top X = \begin{pmatrix} -1 & -\tfrac13 \\ 2 & \tfrac23 \end{pmatrix}$.
#
# Example 2 contributes nothing to $W^1$ (its ReLUs are off), but it does move $W^2$ and $b^2$.
# The cell below runs your functions on these numbers and prints every intermediate value.

# %% nbgrader={"grade": false, "grade_id": "setup_worked_example", "locked": true, "schema_version": 3, "solution": false, "task": false}
X_hand = np.array([[1., 0.], [0., 1.], [1., 1.]])
Y_hand = np.array([[1.], [0.], [-0.5]])
params_hand = [(np.array([[1., -1.], [2., 0.]]), np.array([0.5, -1.])),
               (np.array([[1., -2.]]), np.array([0.5]))]

# %%
try:
    out, cache = mlp_forward(X_hand, params_hand, "relu")
    loss, dOut = mse_loss(out, Y_hand)
    grads = mlp_backward(dOut, params_hand, cache, "relu")
except NotImplementedError as exc:
    print(f"Not yet: {exc} (this cell needs mse_loss, mlp_forward and mlp_backward).")
else:
    print("Z1 =\n", cache[1][0], "\nA1 =\n", cache[0][1], "\nY_hat =", out.ravel(), "  loss =", loss)
    print("Delta2 = dL/dZ2 =", dOut.ravel())
    for l, (dW, db) in enumerate(grads, start=1):
        print(f"dW{l} =\n{dW}\ndb{l} = {db}")

# %% nbgrader={"grade": true, "grade_id": "test_mlp_backward", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
out, cache = mlp_forward(X_hand, params_hand, "relu")
_, dOut = mse_loss(out, Y_hand)
grads = mlp_backward(dOut, params_hand, cache, "relu")
check_true(isinstance(grads, (list, tuple)) and len(grads) == 2,
           "mlp_backward must return a list [(dW1, db1), (dW2, db2)] for a 2-layer network")
(dW1, db1), (dW2, db2) = grads
check_close("dW2", dW2, np.array([[-7 / 6, -1.]]), batch_size=3)
check_close("db2", db2, np.array([-2 / 3]), batch_size=3)
check_close("dW1", dW1, np.array([[-1., -1 / 3], [2., 2 / 3]]), batch_size=3)
check_close("db1", db1, np.array([-1., 2.]), batch_size=3)

# one tanh unit, one example: z1 = log 2, a1 = tanh(log 2) = 3/5, tanh'(z1) = 1 - 9/25 = 16/25
params_1 = [(np.array([[np.log(2.)]]), np.array([0.])), (np.array([[1.]]), np.array([0.]))]
_, cache_1 = mlp_forward(np.array([[1.]]), params_1, "tanh")
(dW1, db1), (dW2, db2) = mlp_backward(np.array([[1.]]), params_1, cache_1, "tanh")
check_close("dW2 (one tanh unit)", dW2, np.array([[0.6]]))
check_close("dW1 (one tanh unit)", dW1, np.array([[16 / 25]]),
            mistakes={"tanh' evaluated at the activation a = 3/5 instead of at z": [[1 - np.tanh(0.6) ** 2]]})
passed("mlp_backward")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('03_backprop_mlp', 'test_mlp_backward', globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 8. A gradient checker of your own
#
# Every backward pass you write can be checked against **central differences**,
#
# $$
# \frac{\partial f}{\partial x_i} \approx \frac{f(x + h e_i) - f(x - h e_i)}{2h},
# $$
#
# whose error is $O(h^2)$ (the one-sided difference $(f(x + h e_i) - f(x))/h$ is only $O(h)$).
# Compare the analytic value $a$ with the numerical one $n$ by the relative error
#
# $$
# \mathrm{rel}(a, n) = \frac{|a - n|}{\max(10^{-8},\ |a| + |n|)} .
# $$
#
# Dividing by $|a| + |n|$ makes the test independent of the scale of the gradient; the floor
# $10^{-8}$ avoids $0/0$ when both are exactly zero (a parameter that does not affect the
# loss). In float64 with $h \approx 10^{-6}$, a correct gradient gives about $10^{-7}$ or less; a
# bug usually gives $10^{-2}$ to $1$.
#
# **Exercise 8.** `numerical_gradient(f, x, h)`: `f()` takes no argument, returns a number and reads
# the array `x` (any shape), which you change **in place**, one entry at a time, and restore
# afterwards. Returns an array of the shape of `x`; no reduction.
#
# **Exercise 9.** `gradient_check(f, params, grads, h)`: `params`, `grads` lists of arrays with
# `grads[i].shape == params[i].shape` → a list of floats, one per parameter array: the **largest**
# relative error over its entries (a max, not a mean).

# %% nbgrader={"grade": false, "grade_id": "numerical_gradient", "locked": false, "schema_version": 3, "solution": true, "task": false}
def numerical_gradient(f, x, h=1e-6):
    """Central differences of the scalar f() with respect to the float array x.

    f: function of no arguments that returns a number and reads x
    x: array of any shape; each entry is moved by +h and -h in place, then restored
    Returns an array shaped like x: the central-difference estimate of df/dx_i at entry i.
    """
    grad = np.zeros(x.shape)
    ### BEGIN SOLUTION
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        f_plus = f()
        x[i] = old - h
        f_minus = f()
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * h)
    ### END SOLUTION
    return grad


# %% nbgrader={"grade": true, "grade_id": "test_numerical_gradient", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
x = np.array([[0.5, -1.0], [2.0, 0.0]])
x_before = x.copy()
f = lambda: float(np.sum(x ** 3))            # gradient 3 x^2
g = numerical_gradient(f, x, h=1e-3)
# central differences are exact up to h^2: (x+h)^3 - (x-h)^3 = 6 x^2 h + 2 h^3
check_close("numerical_gradient of sum(x**3)", g, 3 * x_before ** 2 + 1e-6, rtol=1e-9,
            mistakes={"divided by h instead of 2h": 2 * (3 * x_before ** 2 + 1e-6),
                      "one-sided difference (f(x + h) - f(x)) / h instead of the central one":
                          3 * x_before ** 2 + 3e-3 * x_before + 1e-6})
check_close("x after numerical_gradient (must be restored)", x, x_before)
passed("numerical_gradient")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('03_backprop_mlp', 'test_numerical_gradient', globals())
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "gradient_check", "locked": false, "schema_version": 3, "solution": true, "task": false}
def gradient_check(f, params, grads, h=1e-6):
    """Largest relative error between analytic and numerical gradients, per parameter.

    f: function of no arguments returning the loss, reading the arrays in params
    params, grads: lists of arrays, grads[i].shape == params[i].shape
    Returns a list of floats: max over entries of |a - n| / max(1e-8, |a| + |n|).
    """
    errors = []
    ### BEGIN SOLUTION
    for p, a in zip(params, grads):
        n = numerical_gradient(f, p, h)
        rel = np.abs(a - n) / np.maximum(1e-8, np.abs(a) + np.abs(n))
        errors.append(float(rel.max()))
    ### END SOLUTION
    return errors


# %% [markdown]
# Now use it on **your own MLP**: a 3-layer tanh network, the MSE loss, every $W^l$ and $b^l$.
# The test also hands the checker a deliberately wrong gradient to make sure it notices.

# %% nbgrader={"grade": true, "grade_id": "test_gradient_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
rng = np.random.default_rng(3)
X_gc, Y_gc = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
params_gc = init_params([3, 4, 4, 2], rng)
for W, b in params_gc:
    b += rng.normal(size=b.shape)              # nonzero biases, so db matters

def loss_gc():
    return mse_loss(mlp_forward(X_gc, params_gc, "tanh")[0], Y_gc)[0]

out, cache = mlp_forward(X_gc, params_gc, "tanh")
grads_gc = mlp_backward(mse_loss(out, Y_gc)[1], params_gc, cache, "tanh")
flat_params = [p for pair in params_gc for p in pair]
flat_grads = [g for pair in grads_gc for g in pair]
errors = gradient_check(loss_gc, flat_params, flat_grads)
print("max relative error per parameter (W1, b1, W2, b2, W3, b3):", ", ".join(f"{e:.1e}" for e in errors))
check_true(len(errors) == 6, f"expected 6 errors (one per parameter array), got {len(errors)}")
check_true(max(errors) < 1e-6, f"your MLP's gradients disagree with finite differences: {errors}")
# a gradient off by a factor 2 has relative error |2g - g| / (|2g| + |g|) = 1/3 everywhere
wrong = gradient_check(loss_gc, flat_params[:1], [2 * flat_grads[0]])
check_close("gradient_check with dW1 doubled", wrong, [1 / 3], rtol=1e-4,
            mistakes={"divided by |n| only; the denominator is max(1e-8, |a| + |n|)": [1.0]})
# sign flipped: |-g - g| / (|g| + |g|) = 1
check_close("gradient_check with dW2 negated", gradient_check(loss_gc, flat_params[2:3], [-flat_grads[2]]),
            [1.0], rtol=1e-4)
# one wrong entry: the error reported is the largest one, not an average
db1_off = flat_grads[1].copy()
db1_off[0] -= 1.0
a0 = flat_grads[1][0]
one_off = gradient_check(loss_gc, flat_params[1:2], [db1_off])
check_true(one_off[0] > 1e-3, f"gradient_check reported {one_off[0]:.3g} for a gradient with one entry off by 1: "
           "did you take the absolute value |a - n|? (without it, a negative difference is never the largest)")
check_close("gradient_check with one entry of db1 off by -1", one_off,
            [1 / (abs(a0 - 1) + abs(a0))], rtol=1e-4,
            mistakes={"the mean of the relative errors instead of the largest one":
                      [1 / (abs(a0 - 1) + abs(a0)) / db1_off.size]})
# a parameter the loss ignores: both gradients are exactly 0, and 0 / max(1e-8, 0) = 0
ignored = gradient_check(loss_gc, [np.ones(3)], [np.zeros(3)])
check_true(np.all(np.isfinite(ignored)), f"gradient_check returned {ignored} for a parameter the loss ignores: "
           "0 / 0 -- is the floor max(1e-8, |a| + |n|) missing from the denominator?")
check_close("gradient_check on a parameter the loss ignores", ignored, [0.0])
passed("gradient_check")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('03_backprop_mlp', 'test_gradient_check', globals())
### END HIDDEN TESTS

# %% [markdown]
# ### A bug hunt (graded, 2 points)
#
# The next cell holds a colleague's backward pass for a 3-layer tanh network (2 → 4 → 3 → 1, linear
# output, batch-mean MSE, a batch of 6). Some of its six gradients are wrong. Use **your** `gradient_check`
# to find which, then your `numerical_gradient` to see *how* each wrong one differs (divide the analytic by
# the numerical gradient, entry by entry). For each parameter, in the order `W1, b1, W2, b2, W3, b3`, give
# one code:
#
# | code | the gradient is |
# |---|---|
# | 0 | right |
# | 1 | off by one constant factor (every entry divided or multiplied by the same number) |
# | 2 | of the wrong sign |
# | 3 | wrong in a way that changes from entry to entry (a derivative taken at the wrong point, a missing term) |
#
# Return the six codes from `planted_bugs`. Reading the code is allowed too; then say *which line* of it
# makes each wrong gradient wrong — a wrong gradient below a bug can be a consequence of it.

# %% nbgrader={"grade": false, "grade_id": "defs_bug_hunt", "locked": true, "schema_version": 3, "solution": false, "task": false}
rng_bug = np.random.default_rng(11)
X_bug, Y_bug = rng_bug.normal(size=(6, 2)), rng_bug.normal(size=(6, 1))
params_bug = [rng_bug.normal(size=(4, 2)), rng_bug.normal(size=4), rng_bug.normal(size=(3, 4)) / 2,
              rng_bug.normal(size=3), rng_bug.normal(size=(1, 3)), rng_bug.normal(size=1)]


def loss_bug():
    """The batch-mean MSE of the network with parameters params_bug = [W1, b1, W2, b2, W3, b3]."""
    W1, b1, W2, b2, W3, b3 = params_bug
    A1 = np.tanh(X_bug @ W1.T + b1)
    A2 = np.tanh(A1 @ W2.T + b2)
    return float(np.mean(np.sum((A2 @ W3.T + b3 - Y_bug) ** 2, axis=1)))


def colleagues_backward():
    """[dW1, db1, dW2, db2, dW3, db3] for loss_bug, each shaped like its parameter."""
    W1, b1, W2, b2, W3, b3 = params_bug
    B = X_bug.shape[0]
    A1 = np.tanh(X_bug @ W1.T + b1)
    A2 = np.tanh(A1 @ W2.T + b2)
    dZ3 = 2 * (A2 @ W3.T + b3 - Y_bug) / B
    dW3, db3 = dZ3.T @ A2 / B, dZ3.sum(axis=0)
    dZ2 = (dZ3 @ W3) * (1 - A2 ** 2)
    dW2, db2 = dZ2.T @ A1, -dZ2.sum(axis=0)
    dZ1 = (dZ2 @ W2) * (1 - np.tanh(A1) ** 2)
    dW1, db1 = dZ1.T @ X_bug, dZ1.sum(axis=0)
    return [dW1, db1, dW2, db2, dW3, db3]


# %% nbgrader={"grade": false, "grade_id": "planted_bugs", "locked": false, "schema_version": 3, "solution": true, "task": false}
def planted_bugs():
    """One code per parameter (W1, b1, W2, b2, W3, b3), each 0, 1, 2 or 3 as in the table: shape (6,)."""
    ### BEGIN SOLUTION
    errors = gradient_check(loss_bug, params_bug, colleagues_backward())
    codes = []
    for p, a, e in zip(params_bug, colleagues_backward(), errors):
        ratio = a / numerical_gradient(loss_bug, p)
        codes.append(0 if e < 1e-6 else 2 if np.allclose(ratio, -1) else 1 if np.allclose(ratio, ratio.flat[0]) else 3)
    return codes
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_planted_bugs", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
codes = np.asarray(planted_bugs())
check_true(codes.shape == (6,) and set(codes.tolist()) <= {0, 1, 2, 3},
           f"planted_bugs() must return six codes from 0 to 3, got {codes.tolist()}")
check_true(np.any(codes != 0), "at least one of the colleague's gradients is wrong: run your gradient_check on them")
passed("planted_bugs (the codes are checked at grading)")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('03_backprop_mlp', 'test_planted_bugs', globals())
### END HIDDEN TESTS

# %% [markdown]
# (The answer: `dW3` has one `/ B` too many (a factor, code 1); `db2` has its sign flipped (code 2); `dZ1`
# evaluates $\tanh'$ at the activation instead of at the pre-activation (`np.tanh(A1)`), which makes both `dW1`
# and `db1` wrong entry by entry (code 3); `W2` and `b3` are right. The bug in `db2` does not reach the
# layer below: BP2 uses `dZ2`, not `db2`.)

# %% [markdown]
# ## 9. Training with stochastic gradient descent
#
# Everything is ready for the algorithm of section 3. The data: 200 noisy samples of
# $y = \tfrac12 \sin 2x + \tfrac14 x$ on $[-3, 3]$ (noise standard deviation 0.1, so the best possible
# mean-squared error is about $0.01$). Predicting the mean gives about 0.2, the best straight
# line about 0.12.
#
# **Exercise 10.** `train_mlp(X, Y, ...)`: `X` $(N, 1)$, `Y` $(N, 1)$ → the trained `params` (same shapes as
# `init_params` gives) and `losses`, a list of numbers, the batch-mean MSE of each mini-batch step.
# For each epoch, draw **one** shuffled order of the examples with `rng.permutation(N)` (the `rng` the
# cell creates, nothing else drawn from it), and for each consecutive mini-batch of `batch_size` rows of
# that order run forward, MSE, backward, and the update of step 5 of the algorithm for **every** layer,
# **in place** (the arrays in `params` must change, not new arrays bound to a local name), appending each
# mini-batch loss to `losses`. After each epoch append a copy of all the parameters to `history`
# (the cell puts the initial ones in `history[0]`); with `record=True` the function returns it too.
#
# **What is graded** is what the loop did, not only where the loss ended: the grader takes your
# `history`, replays single epochs of the stated algorithm from the parameters you recorded, and
# compares, layer by layer, with the parameters you recorded after that epoch, and the losses you
# recorded with the batch-mean MSE of each of its mini-batches. A loop that trains only some layers,
# shuffles differently or rescales the loss still lowers the loss, and loses these points.
#
# **Stated target:** with the default settings, the MSE on the whole training set after
# training must be **below 0.05 and at most half the untrained network's** (0.068 at seed 0), and the
# loss must have gone down.

# %% nbgrader={"grade": false, "grade_id": "setup_training_data", "locked": true, "schema_version": 3, "solution": false, "task": false}
from backprop.data import regression_1d

X_reg, Y_reg = regression_1d(200, noise=0.1, rng=0)      # X_reg, Y_reg: (200, 1)
TARGET_MSE = 0.05


# %% nbgrader={"grade": false, "grade_id": "train_mlp", "locked": false, "schema_version": 3, "solution": true, "task": false}
def train_mlp(X, Y, sizes=(1, 32, 32, 1), activation="tanh", lr=0.05, epochs=300,
              batch_size=32, seed=0, record=False):
    """Mini-batch SGD on the batch-mean MSE loss.

    X: (N, sizes[0]), Y: (N, sizes[-1])
    Returns params [(W1, b1), ...] after training and losses, the list of every mini-batch loss;
    with record=True also history, a list of epochs + 1 entries: history[e] is a copy of every
    (W, b) after epoch e (history[0] before training).
    """
    rng = np.random.default_rng(seed)
    params = init_params(sizes, rng)
    losses = []
    history = [[(W.copy(), b.copy()) for W, b in params]]
    ### BEGIN SOLUTION
    N = X.shape[0]
    for epoch in range(epochs):
        order = rng.permutation(N)
        for start in range(0, N, batch_size):
            idx = order[start:start + batch_size]
            out, cache = mlp_forward(X[idx], params, activation)
            loss, dOut = mse_loss(out, Y[idx])
            grads = mlp_backward(dOut, params, cache, activation)
            for (W, b), (dW, db) in zip(params, grads):
                W -= lr * dW
                b -= lr * db
            losses.append(loss)
        history.append([(W.copy(), b.copy()) for W, b in params])
    ### END SOLUTION
    if record:
        return params, losses, history
    return params, losses


# %% nbgrader={"grade": true, "grade_id": "test_train_mlp", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
params_fit, losses_fit, history_fit = train_mlp(X_reg, Y_reg, record=True)
final_mse = mse_loss(mlp_forward(X_reg, params_fit, "tanh")[0], Y_reg)[0]
untrained_mse = mse_loss(mlp_forward(X_reg, history_fit[0], "tanh")[0], Y_reg)[0]
check_true(len(history_fit) == 301, f"history must hold the parameters before training and after each of the "
           f"300 epochs (301 entries), got {len(history_fit)}")
for l, ((W0, b0), (W1, b1)) in enumerate(zip(history_fit[0], history_fit[1]), start=1):
    check_true(not np.array_equal(W0, W1) and not np.array_equal(b0, b1),
               f"layer {l}'s parameters did not change during epoch 1: the update must reach every layer "
               "(and history must hold copies, not the arrays that keep changing)")
print(f"{len(losses_fit)} steps; first losses {np.mean(losses_fit[:10]):.3f}, "
      f"last {np.mean(losses_fit[-10:]):.4f}; MSE on all the data after training {final_mse:.4f}")
check_true(len(losses_fit) > 10, "train_mlp must return the loss of every mini-batch step")
check_true(np.all(np.isfinite(losses_fit)), "the loss became NaN or inf: training diverged "
           "(a sign error, W += lr * dW, climbs the loss instead of descending it)")
check_true(np.mean(losses_fit[-10:]) < np.mean(losses_fit[:10]), "the loss did not decrease")
check_true(final_mse < TARGET_MSE, f"the trained network's MSE {final_mse:.4f} is not below {TARGET_MSE}")
check_true(final_mse <= untrained_mse / 2, f"the trained network's MSE {final_mse:.4f} is not at most half the "
           f"untrained one's ({untrained_mse:.4f})")
passed("train_mlp")
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('03_backprop_mlp', 'test_train_mlp', globals())
### END HIDDEN TESTS

# %%
try:
    params_fit, losses_fit = train_mlp(X_reg, Y_reg)      # your training loop, default settings
except NotImplementedError as exc:
    params_fit = None
    print(f"Not yet: {exc} (this figure shows your trained network; finish exercise 10 first).")
if params_fit is not None:
    fig, (ax_fit, ax_loss) = plt.subplots(1, 2, figsize=(11, 4))
    xs = np.linspace(-3, 3, 300)[:, None]
    ax_fit.scatter(X_reg[:, 0], Y_reg[:, 0], s=10, alpha=0.5, label="training data")
    ax_fit.plot(xs[:, 0], mlp_forward(xs, params_fit, "tanh")[0][:, 0], color="C1", lw=2, label="trained MLP")
    ax_fit.plot(xs[:, 0], 0.5 * np.sin(2 * xs[:, 0]) + 0.25 * xs[:, 0], "k--", lw=1, label="true curve")
    ax_fit.set(title="Fit of a 1-32-32-1 tanh MLP after SGD", xlabel="x", ylabel="y")
    ax_fit.legend()
    steps = np.arange(len(losses_fit))
    ax_loss.semilogy(steps, losses_fit, lw=0.5, alpha=0.5, label="mini-batch loss")
    ax_loss.semilogy(steps[49:], np.convolve(losses_fit, np.ones(50) / 50, mode="valid"), label="mean of 50 steps")
    ax_loss.axhline(TARGET_MSE, color="k", ls=":", label=f"target: MSE {TARGET_MSE} on the whole set")
    ax_loss.set(title="Training loss", xlabel="SGD step", ylabel="MSE (log scale)")
    ax_loss.legend()
    fig.tight_layout()
    plt.show()

# %% [markdown]
# The network clears the target (its MSE is about 0.03) but still smooths over the outer bumps;
# the noise floor is 0.01. Training longer closes most of the gap: try `train_mlp(X_reg, Y_reg, epochs=1000)`
# (about 0.016).
#
# The same algorithm classifies. Below, the package's `MLP` (forward and backward exactly as
# you built them, packaged as layer objects with `parameters()` and `gradients()`) and its
# softmax cross-entropy, trained by full-batch gradient descent on three interleaved spirals —
# a problem no linear classifier can solve:

# %%
from backprop.data import spirals
from backprop.mlp import MLP      # the network as layer objects (the same forward and backward as yours)

X_sp, y_sp = spirals(100, n_classes=3, noise=0.1, rng=1)
if ready(lambda: softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 2])),
         "Exercise 5, `softmax_cross_entropy`,"):
    net = MLP([2, 64, 64, 3], activation="relu", rng=0)
    for step in range(1500):
        loss_sp, dlogits = softmax_cross_entropy(net.forward(X_sp), y_sp)
        net.backward(dlogits)
        for p, g in zip(net.parameters(), net.gradients()):
            p -= 0.5 * g
    accuracy = np.mean(net.forward(X_sp).argmax(axis=1) == y_sp)

    fig, ax = plt.subplots(figsize=(5, 5))
    g0, g1 = np.meshgrid(np.linspace(-1.2, 1.2, 200), np.linspace(-1.2, 1.2, 200))
    regions = net.forward(np.column_stack([g0.ravel(), g1.ravel()])).argmax(axis=1).reshape(g0.shape)
    ax.contourf(g0, g1, regions, alpha=0.25, levels=[-0.5, 0.5, 1.5, 2.5], cmap="viridis")
    ax.scatter(X_sp[:, 0], X_sp[:, 1], c=y_sp, s=12, cmap="viridis", edgecolors="k", linewidths=0.3)
    ax.set(title=f"Decision regions after 1500 full-batch steps\n(loss {loss_sp:.3f}, training accuracy {accuracy:.0%})",
           xlabel="$x_1$", ylabel="$x_2$")
    plt.show()

# %% [markdown]
# ## 10. Vanishing gradients: sigmoid vs ReLU in deep networks
#
# BP2 multiplies by $(W^{l+1})^\top$ and by $g'(z^l)$ at every layer on the way down. For a
# sigmoid, $\sigma'(z) \le \tfrac14$, so each layer can shrink the error by a factor of about 4 (or
# more where units saturate): after 10 layers that is $4^{-10} \approx 10^{-6}$. ReLU's derivative
# is exactly 1 on active units, so with a suitable weight scale (lesson 04) nothing systematic
# shrinks. Below: $\lVert \partial \mathcal{L}/\partial W^l \rVert$ per layer, for networks of width 64 and growing
# depth, on one batch of random data (each network with its usual initialization: Xavier for
# sigmoid, He for ReLU).

# %%
from backprop.losses import mse_loss as package_mse

rng = np.random.default_rng(0)
X_deep, Y_deep = rng.normal(size=(128, 64)), rng.normal(size=(128, 1))
fig, axes = plt.subplots(1, 2, figsize=(11, 4), sharey=True)
for ax, activation, init in zip(axes, ["sigmoid", "relu"], ["xavier_normal", "he_normal"]):
    for depth in (4, 8, 16):
        deep = MLP([64] * depth + [1], activation=activation, init=init, rng=1)
        _, dOut_deep = package_mse(deep.forward(X_deep), Y_deep)
        deep.backward(dOut_deep)
        norms = [np.linalg.norm(dW) for dW in (layer.dW for layer in deep.linear_layers)]
        ax.semilogy(np.arange(1, depth + 1), norms, marker="o", label=f"{depth} layers")
    ax.set(title=f"{activation} network ({init.split('_')[0]} init): gradient norm per layer",
           xlabel="layer $l$ (1 = nearest the input)",
           ylabel=r"$\Vert \partial \mathcal{L} / \partial W^l \Vert_F$ (log scale)")
    ax.legend()
fig.tight_layout()
plt.show()

# %% [markdown]
# In the sigmoid networks the gradient reaching the first layers is orders of magnitude smaller
# than at the top, and the gap grows with depth: the early layers barely learn. In the ReLU
# networks the norms stay within a small factor across layers.
#
# The output layer has its own version of the problem. With a **sigmoid output** and MSE,
# BP1 gives $\delta^L = 2(a^L - y)\,\sigma'(z^L)$: when the unit is saturated and wrong ($z^L = -6$,
# $a^L \approx 0.0025$, $y = 1$) the error is large but $\sigma'(-6) \approx 0.0025$, so $\delta^L$ is tiny and the
# last layer learns slowly exactly when it is most wrong. (Softmax or sigmoid with
# cross-entropy avoids this: $\delta^L = p - y$ has no $\sigma'$ factor.)

# %%
z = -6.0
a = act.sigmoid(np.array(z))
print(f"sigmoid output a = {a:.4f}, target 1, error a - y = {a - 1:.4f}")
print(f"MSE:           delta^L = 2 (a - y) sigma'(z) = {2 * (a - 1) * act.sigmoid_prime(np.array(z)):.5f}")
print(f"cross-entropy: delta^L = a - y               = {a - 1:.5f}")


# %% [markdown]
# ## 11. What backpropagation keeps in memory
#
# The backward pass needs, for every layer, the input $A^{l-1}$ (for $\partial \mathcal{L}/\partial W^l$) and the
# pre-activation $Z^l$ or activation (for $g'$). These are kept from the forward pass until the
# backward pass has used them, so the memory for a batch is about
#
# $$
# \text{cached floats} \approx B \times \sum_l (n_{l-1} + n_l),
# $$
#
# proportional to **batch size × depth** (for a fixed width), while the parameters need
# $\sum_l n_l (n_{l-1} + 1)$ floats whatever the batch. The cell measures what the package's `MLP`
# actually holds in its layer caches and compares it with that count.

# %%
def cached_bytes(net):
    '''Bytes of the arrays held in the layers' forward caches, not counting the weights themselves.'''
    weights = {id(p) for p in net.parameters()}
    seen, total = set(), 0
    for layer in net.layers:
        items = layer.cache if isinstance(layer.cache, tuple) else (layer.cache,)
        for arr in items:
            if isinstance(arr, np.ndarray) and id(arr) not in weights and id(arr) not in seen:
                seen.add(id(arr))
                total += arr.nbytes
    return total


# %%
width, depths, batches = 256, [2, 4, 8, 16], [32, 128, 512]
fig, ax = plt.subplots(figsize=(6.5, 4))
for B in batches:
    measured = []
    for depth in depths:
        m = MLP([width] * (depth + 1), activation="relu", rng=0, dtype=np.float32)
        m.forward(np.zeros((B, width), np.float32))
        measured.append(cached_bytes(m) / 2**20)
    # A^(l-1) for every layer and Z^l for every hidden layer: (2 depth - 1) arrays of B x width float32
    predicted = [B * width * (2 * depth - 1) * 4 / 2**20 for depth in depths]
    ax.plot(depths, predicted, lw=6, alpha=0.3, label=f"batch {B}: predicted")
    ax.plot(depths, measured, "o", color=ax.lines[-1].get_color(), label=f"batch {B}: measured")
param_mb = [sum(p.nbytes for p in MLP([width] * (d + 1), rng=0, dtype=np.float32).parameters()) / 2**20 for d in depths]
ax.plot(depths, param_mb, "s--", color="k", label="the weights themselves (any batch)")
ax.set(title=f"Activations cached for the backward pass (width {width}, float32)\n"
             "predicted = B x width x (2 depth - 1) x 4 bytes",
       xlabel="number of layers (depth)", ylabel="memory (MiB)")
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# The measured points sit on the predicted lines: the cached activations grow linearly with
# depth and with batch size. At width 256, a batch of 128 already caches about as much as the
# weights themselves, and a batch of 512 four times as much. This is why large models run out of memory in training but not
# in inference (which can drop each activation once the next layer has it), and why tricks
# such as gradient checkpointing recompute some activations instead of storing them. The
# compute, by contrast, is dominated by the matrix products: the backward pass does two per
# layer (`dZ.T @ A` for $\partial \mathcal{L}/\partial W$ and `dZ @ W` for the layer below) against the forward pass's one,
# so a training step costs about three forward passes. Everything else (activations, their
# derivatives, the update) is elementwise and cheap: in the course's benchmark
# (`bench/step_benchmark.py`), a whole SGD step of a 784-256-256-10 MLP on a batch of 128 costs
# about 1.1 times its matrix products alone.
#
# ## What to remember
#
# - Backprop is the chain rule organized by layer: $\delta^L$ from the loss (BP1), then
#   $\delta^l = ((W^{l+1})^\top \delta^{l+1}) \odot g'(z^l)$ downwards (BP2), and the parameter gradients
#   $\delta^l$ and $\delta^l (a^{l-1})^\top$ (BP3, BP4). The derivation is an induction from the output down.
# - In code, with examples as rows, each BP equation is one matrix product or elementwise product of
#   batch arrays, and the batch sums of BP3–BP4 are the products themselves. The batch mean enters once,
#   at the loss.
# - $g'$ is evaluated at the pre-activation $z$; writing it with $a$ ($a(1-a)$, $1-a^2$) is fine,
#   evaluating it *at* $a$ is a bug.
# - Stable softmax: subtract the row maximum; compute $\log p$ as shifted logits minus log-sum-exp.
# - Check every gradient you write with central differences and the relative error.
# - Deep sigmoid networks lose gradient layer by layer: $\sigma' \le \tfrac14$, so at least about a factor 4 per
#   layer (about 4.4 in the figure of section 10); backprop
#   needs memory proportional to depth × batch.
#
# ## What comes next
#
# Lesson 04 asks how to choose the initial weights so that neither the activations on the way
# up nor the gradients on the way down vanish or explode — the variance argument behind the
# Xavier and He initializations you saw in section 10. Lesson 05 replaces the plain update
# $W \leftarrow W - \eta\, dW$ with momentum, RMSProp and Adam.
