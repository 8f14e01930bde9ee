# mutant: J by hand: only diag(p), the derivative of the shared denominator forgotten
# replaces: softmax_jacobian_by_hand
# must lose: test_softmax_jacobian_by_hand
def J_by_hand():
    return np.array([[1/4, 0], [0, 3/4]])
