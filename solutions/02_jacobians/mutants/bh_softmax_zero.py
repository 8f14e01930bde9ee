# mutant: J by hand: the transposed-looking but rows-sum-to-zero guess diag(p) - p 1^T
# replaces: softmax_jacobian_by_hand
# must lose: test_softmax_jacobian_by_hand
def J_by_hand():
    return np.array([[1/4 - 1/4, -1/4 + 1/4], [-3/4 + 3/4, 3/4 - 3/4]])
