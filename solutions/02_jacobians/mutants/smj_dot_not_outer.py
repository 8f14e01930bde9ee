# mutant: diag(p) - p @ p.T: for a 1-D p, .T does nothing and p @ p is a number, not the outer product
# replaces: softmax_jacobian
# must lose: test_softmax_jacobian
def softmax_jacobian(z):
    p = softmax(z)
    return np.diag(p) - p @ p.T
