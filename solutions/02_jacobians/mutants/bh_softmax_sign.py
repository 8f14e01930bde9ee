# mutant: J by hand: off-diagonal entries with the wrong sign (rows no longer sum to 0)
# replaces: softmax_jacobian_by_hand
# must lose: test_softmax_jacobian_by_hand
def J_by_hand():
    return np.array([[3/16, 3/16], [3/16, 3/16]])
