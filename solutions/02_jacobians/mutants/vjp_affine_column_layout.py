# mutant: W.T @ V.T: the column-vector formula applied to the whole batch, giving (n_in, B) instead of batch-first (B, n_in)
# replaces: affine_sigmoid_vjp
# must lose: test_affine_sigmoid_vjp
def affine_vjp(W, V):
    return W.T @ V.T


def sigmoid_vjp(Z, V):
    s = sigmoid(Z)
    return V * s * (1 - s)
