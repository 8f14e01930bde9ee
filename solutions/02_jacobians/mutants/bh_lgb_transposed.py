# mutant: dW by hand: outer products h delta^T, shape (3, 2)
# replaces: linear_grads_by_hand
# must lose: test_linear_grads_by_hand
def grads_by_hand():
    return (np.array([[1, 2, 0], [6, 0, 2]]).T / 2, np.array([1, 2]) / 2)
