# mutant: multiplies dA by the activation max(Z, 0) instead of 1[Z > 0]
# replaces: relu
# must lose: test_relu
def relu_forward(Z):
    A = np.maximum(Z, 0)
    return A, Z


def relu_backward(dA, cache):
    Z = cache
    return dA * np.maximum(Z, 0)
