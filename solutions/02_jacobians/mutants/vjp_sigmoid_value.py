# mutant: V * sigmoid(Z): the function instead of its derivative
# replaces: affine_sigmoid_vjp
# must lose: test_affine_sigmoid_vjp
def affine_vjp(W, V):
    return V @ W


def sigmoid_vjp(Z, V):
    return V * sigmoid(Z)
