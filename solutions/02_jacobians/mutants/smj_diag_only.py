# mutant: diag(p): the outer-product term - p p^T is missing
# replaces: softmax_jacobian
# must lose: test_softmax_jacobian
def softmax_jacobian(z):
    return np.diag(softmax(z))
