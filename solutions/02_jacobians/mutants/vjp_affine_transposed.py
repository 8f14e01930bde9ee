# mutant: V @ W.T: the transpose of what is needed (wrong shape, or wrong values for square W)
# replaces: affine_sigmoid_vjp
# must lose: test_affine_sigmoid_vjp
def affine_vjp(W, V):
    return V @ W.T


def sigmoid_vjp(Z, V):
    s = sigmoid(Z)
    return V * s * (1 - s)
