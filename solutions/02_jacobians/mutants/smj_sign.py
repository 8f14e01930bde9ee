# mutant: p p^T - diag(p): sign flipped
# replaces: softmax_jacobian
# must lose: test_softmax_jacobian
def softmax_jacobian(z):
    p = softmax(z)
    return np.outer(p, p) - np.diag(p)
