# mutant: divides by the batch size: the VJP of an input has no batch mean
# replaces: affine_sigmoid_vjp
# must lose: test_affine_sigmoid_vjp
def affine_vjp(W, V):
    return V @ W / V.shape[0]


def sigmoid_vjp(Z, V):
    s = sigmoid(Z)
    return V * s * (1 - s)
