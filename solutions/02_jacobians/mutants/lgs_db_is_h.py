# mutant: db = h: the input instead of the error
# replaces: linear_grads_single
# must lose: test_linear_grads_single
def linear_grads_single(delta, h):
    return np.outer(delta, h), h.copy()
