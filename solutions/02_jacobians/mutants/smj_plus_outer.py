# mutant: diag(p) + p p^T: wrong sign of the outer product
# replaces: softmax_jacobian
# must lose: test_softmax_jacobian
def softmax_jacobian(z):
    p = softmax(z)
    return np.diag(p) + np.outer(p, p)
