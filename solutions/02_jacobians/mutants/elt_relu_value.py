# mutant: diag(relu(z)): the ReLU output instead of its derivative
# replaces: elementwise_jacobians
# must lose: test_elementwise_jacobians
def sigmoid_jacobian(z):
    s = sigmoid(z)
    return np.diag(s * (1 - s))


def relu_jacobian(z):
    return np.diag(np.maximum(z, 0))
