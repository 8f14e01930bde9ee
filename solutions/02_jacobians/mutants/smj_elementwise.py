# mutant: diag(p (1 - p)): treats softmax as an elementwise function
# replaces: softmax_jacobian
# must lose: test_softmax_jacobian
def softmax_jacobian(z):
    p = softmax(z)
    return np.diag(p * (1 - p))
