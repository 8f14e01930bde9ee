# mutant: sigmoid derivative s (1 + s): sign error
# replaces: elementwise_jacobians
# must lose: test_elementwise_jacobians
def sigmoid_jacobian(z):
    s = sigmoid(z)
    return np.diag(s * (1 + s))


def relu_jacobian(z):
    return np.diag((z > 0).astype(z.dtype))
