# mutant: - delta h^T: sign flipped (a descent step folded into the gradient)
# replaces: linear_grads_single
# must lose: test_linear_grads_single
def linear_grads_single(delta, h):
    return -np.outer(delta, h), -delta
