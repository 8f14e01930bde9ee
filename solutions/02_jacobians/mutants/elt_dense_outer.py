# mutant: outer product g'(z) g'(z)^T instead of diag(g'(z)): a dense matrix with wrong off-diagonals
# replaces: elementwise_jacobians
# must lose: test_elementwise_jacobians
def sigmoid_jacobian(z):
    s = sigmoid(z)
    d = s * (1 - s)
    return np.outer(d, d)


def relu_jacobian(z):
    d = (z > 0).astype(z.dtype)
    return np.outer(d, d)
