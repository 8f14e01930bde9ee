# mutant: forward computes |Z| instead of max(Z, 0)
# replaces: relu
# must lose: test_relu
def relu_forward(Z):
    A = np.abs(Z)
    return A, Z


def relu_backward(dA, cache):
    Z = cache
    return dA * (Z > 0)
