# mutant: db of the wrong shape: keepdims=True gives (1, n_out)
# replaces: linear_backward
# must lose: test_linear_backward
def linear_backward(dZ, cache):
    A, W = cache
    dA = dZ @ W
    dW = dZ.T @ A
    db = dZ.sum(axis=0, keepdims=True)
    return dA, dW, db
