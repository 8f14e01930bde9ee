# mutant: ReLU derivative 1[z >= 0]: 1 at the kink instead of the course's 0
# replaces: elementwise_jacobians
# must lose: test_elementwise_jacobians
def sigmoid_jacobian(z):
    s = sigmoid(z)
    return np.diag(s * (1 - s))


def relu_jacobian(z):
    return np.diag((z >= 0).astype(z.dtype))
