# mutant: delta @ h.T for 1-D arrays: .T does nothing, so this is a dot product (or a shape error), not delta h^T
# replaces: linear_grads_single
# must lose: test_linear_grads_single
def linear_grads_single(delta, h):
    return delta @ h.T, delta.copy()
