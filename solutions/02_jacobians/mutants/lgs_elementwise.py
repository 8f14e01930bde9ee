# mutant: delta * h: elementwise product instead of the outer product
# replaces: linear_grads_single
# must lose: test_linear_grads_single
def linear_grads_single(delta, h):
    return delta * h, delta.copy()
