# mutant: dA with W transposed: dZ @ W.T
# replaces: linear_backward
# must lose: test_linear_backward
def linear_backward(dZ, cache):
    A, W = cache
    dA = dZ @ W.T
    dW = dZ.T @ A
    db = dZ.sum(axis=0)
    return dA, dW, db
