# mutant: sums the VJP over the batch: one (n_in,) vector instead of one row per example
# replaces: affine_sigmoid_vjp
# must lose: test_affine_sigmoid_vjp
def affine_vjp(W, V):
    return (V @ W).sum(axis=0)


def sigmoid_vjp(Z, V):
    s = sigmoid(Z)
    return V * s * (1 - s)
