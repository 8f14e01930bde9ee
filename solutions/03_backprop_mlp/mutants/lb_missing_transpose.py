# mutant: missing transpose: dW = A.T @ dZ, shape (n_in, n_out)
# replaces: linear_backward
# must lose: test_linear_backward
def linear_backward(dZ, cache):
    A, W = cache
    dA = dZ @ W
    dW = A.T @ dZ
    db = dZ.sum(axis=0)
    return dA, dW, db
