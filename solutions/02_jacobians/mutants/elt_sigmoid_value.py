# mutant: diag(sigmoid(z)): the function instead of its derivative
# replaces: elementwise_jacobians
# must lose: test_elementwise_jacobians
def sigmoid_jacobian(z):
    return np.diag(sigmoid(z))


def relu_jacobian(z):
    return np.diag((z > 0).astype(z.dtype))
