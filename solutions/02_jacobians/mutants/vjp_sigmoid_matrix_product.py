# mutant: V @ diag(g') written as a matrix product of the (B, n) arrays: V @ g'(Z).T
# replaces: affine_sigmoid_vjp
# must lose: test_affine_sigmoid_vjp
def affine_vjp(W, V):
    return V @ W


def sigmoid_vjp(Z, V):
    s = sigmoid(Z)
    return V @ (s * (1 - s)).T
