# mutant: h delta^T: the outer product in the wrong order (transposed dW)
# replaces: linear_grads_single
# must lose: test_linear_grads_single
def linear_grads_single(delta, h):
    return np.outer(h, delta), delta.copy()
