# mutant: batch mean applied twice: dW and db divided by B again
# replaces: linear_backward
# must lose: test_linear_backward
def linear_backward(dZ, cache):
    A, W = cache
    dA = dZ @ W
    dW = dZ.T @ A / dZ.shape[0]
    db = dZ.mean(axis=0)
    return dA, dW, db
