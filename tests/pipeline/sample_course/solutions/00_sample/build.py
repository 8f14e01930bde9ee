"""Build the sample assignment's instructor notebook (the pipeline tests grade it).

    python tests/pipeline/sample_course/solutions/00_sample/build.py
"""

from pathlib import Path

from autograder.authoring import Notebook

HERE = Path(__file__).resolve().parent

nb = Notebook("00_sample", root=HERE.parent)
nb.md(r"""
# 00 Sample assignment

A small assignment used to test the release and grading pipeline: three functions, three
graded test cells (1 + 2 + 2 points).
""")
nb.code("""
import numpy as np
from backprop.checking import check_close
""")
nb.md(r"""
## 1. ReLU

$\mathrm{relu}(z) = \max(0, z)$, elementwise.
""")
nb.solution("relu", '''
def relu(Z):
    """max(0, Z) elementwise.   Z: any shape -> same shape and dtype."""
    ### BEGIN SOLUTION
    return np.maximum(Z, 0).astype(np.asarray(Z).dtype)
    ### END SOLUTION
''')
nb.test("test_relu", points=1, source='''
Z = np.array([[-1.5, 0.0, 2.0], [3.0, -0.25, 0.5]])
check_close("relu(Z)", relu(Z), np.array([[0.0, 0.0, 2.0], [3.0, 0.0, 0.5]]))
''')
nb.md(r"""
## 2. A linear layer

$Z = A W^\top + b$ for a batch $A$ of shape $(B, n_\text{in})$, $W$ of shape
$(n_\text{out}, n_\text{in})$ and $b$ of shape $(n_\text{out},)$.
""")
nb.solution("affine", '''
def affine(A, W, b):
    """Z = A @ W.T + b.   A: (B, n_in), W: (n_out, n_in), b: (n_out,) -> Z: (B, n_out)."""
    ### BEGIN SOLUTION
    return A @ W.T + b
    ### END SOLUTION
''')
nb.test("test_affine", points=2, source='''
A = np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 1.0]])
W = np.array([[1.0, 0.0, 0.0], [0.5, 0.5, 0.5]])
b = np.array([0.5, -1.0])
check_close("affine(A, W, b)", affine(A, W, b), np.array([[1.5, 2.0], [0.5, -1.0]]))
''')
nb.md(r"""
## 3. Mean squared error

$L = \frac{1}{B} \sum_i \sum_k (\hat y_{ik} - y_{ik})^2$ (summed over outputs, averaged over
the batch).
""")
nb.solution("mse", '''
def mse(Y_hat, Y):
    """Mean over the batch of the summed squared error.   Y_hat, Y: (B, k) -> float."""
    ### BEGIN SOLUTION
    return float(np.sum((Y_hat - Y) ** 2) / Y.shape[0])
    ### END SOLUTION
''')
nb.test("test_mse", points=2, source='''
Y_hat = np.array([[1.0, 2.0], [0.0, 0.0]])
Y = np.array([[0.0, 2.0], [1.0, 1.0]])
check_close("mse(Y_hat, Y)", mse(Y_hat, Y), 1.5)
''')

if __name__ == "__main__":
    print(nb.write())
