# mutant: returns g'(Z) without multiplying by dA
# replaces: relu
# must lose: test_relu
def relu_forward(Z):
    A = np.maximum(Z, 0)
    return A, Z


def relu_backward(dA, cache):
    Z = cache
    return (Z > 0).astype(float)
