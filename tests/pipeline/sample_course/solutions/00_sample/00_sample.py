# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 00 Sample assignment
#
# A small assignment used to test the release and grading pipeline: three functions, three
# graded test cells (1 + 2 + 2 points).

# %%
import numpy as np
from backprop.checking import check_close


# %% [markdown]
# ## 1. ReLU
#
# $\mathrm{relu}(z) = \max(0, z)$, elementwise.

# %% nbgrader={"grade": false, "grade_id": "relu", "locked": false, "schema_version": 3, "solution": true, "task": false}
def relu(Z):
    """max(0, Z) elementwise.   Z: any shape -> same shape and dtype."""
    ### BEGIN SOLUTION
    return np.maximum(Z, 0).astype(np.asarray(Z).dtype)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_relu", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
Z = np.array([[-1.5, 0.0, 2.0], [3.0, -0.25, 0.5]])
check_close("relu(Z)", relu(Z), np.array([[0.0, 0.0, 2.0], [3.0, 0.0, 0.5]]))
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('00_sample', 'test_relu', globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 2. A linear layer
#
# $Z = A W^\top + b$ for a batch $A$ of shape $(B, n_\text{in})$, $W$ of shape
# $(n_\text{out}, n_\text{in})$ and $b$ of shape $(n_\text{out},)$.

# %% nbgrader={"grade": false, "grade_id": "affine", "locked": false, "schema_version": 3, "solution": true, "task": false}
def affine(A, W, b):
    """Z = A @ W.T + b.   A: (B, n_in), W: (n_out, n_in), b: (n_out,) -> Z: (B, n_out)."""
    ### BEGIN SOLUTION
    return A @ W.T + b
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_affine", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
A = np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 1.0]])
W = np.array([[1.0, 0.0, 0.0], [0.5, 0.5, 0.5]])
b = np.array([0.5, -1.0])
check_close("affine(A, W, b)", affine(A, W, b), np.array([[1.5, 2.0], [0.5, -1.0]]))
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('00_sample', 'test_affine', globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 3. Mean squared error
#
# $L = \frac{1}{B} \sum_i \sum_k (\hat y_{ik} - y_{ik})^2$ (summed over outputs, averaged over
# the batch).

# %% nbgrader={"grade": false, "grade_id": "mse", "locked": false, "schema_version": 3, "solution": true, "task": false}
def mse(Y_hat, Y):
    """Mean over the batch of the summed squared error.   Y_hat, Y: (B, k) -> float."""
    ### BEGIN SOLUTION
    return float(np.sum((Y_hat - Y) ** 2) / Y.shape[0])
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_mse", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
Y_hat = np.array([[1.0, 2.0], [0.0, 0.0]])
Y = np.array([[0.0, 2.0], [1.0, 1.0]])
check_close("mse(Y_hat, Y)", mse(Y_hat, Y), 1.5)
### BEGIN HIDDEN TESTS
from autograder.spec import run_hidden
run_hidden('00_sample', 'test_mse', globals())
### END HIDDEN TESTS
