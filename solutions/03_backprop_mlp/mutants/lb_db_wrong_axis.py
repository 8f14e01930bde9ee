# mutant: db summed over the wrong axis (axis=1, over the outputs)
# replaces: linear_backward
# must lose: test_linear_backward
def linear_backward(dZ, cache):
    A, W = cache
    dA = dZ @ W
    dW = dZ.T @ A
    db = dZ.sum(axis=1)
    return dA, dW, db
