# mutant: dW by hand: D A^T-style pairing, each delta_i with the other example's input
# replaces: linear_grads_by_hand
# must lose: test_linear_grads_by_hand
def grads_by_hand():
    return ((np.outer([1, 0], [3, 0, 1]) + np.outer([0, 2], [1, 2, 0])) / 2, np.array([1, 2]) / 2)
