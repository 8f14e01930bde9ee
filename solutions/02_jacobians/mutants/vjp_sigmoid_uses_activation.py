# mutant: uses Z as if it were the activation: V * Z * (1 - Z)
# replaces: affine_sigmoid_vjp
# must lose: test_affine_sigmoid_vjp
def affine_vjp(W, V):
    return V @ W


def sigmoid_vjp(Z, V):
    return V * Z * (1 - Z)
