# mutant: returns the vectors g'(z) instead of the (n, n) diagonal matrices
# replaces: elementwise_jacobians
# must lose: test_elementwise_jacobians
def sigmoid_jacobian(z):
    s = sigmoid(z)
    return s * (1 - s)


def relu_jacobian(z):
    return (z > 0).astype(z.dtype)
