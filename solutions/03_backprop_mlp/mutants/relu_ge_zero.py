# mutant: derivative 1[z >= 0]: passes the gradient at z = 0
# replaces: relu
# must lose: test_relu
def relu_forward(Z):
    A = np.maximum(Z, 0)
    return A, Z


def relu_backward(dA, cache):
    Z = cache
    return dA * (Z >= 0)
