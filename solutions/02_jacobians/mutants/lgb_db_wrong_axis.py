# mutant: db averaged over axis 1 (the units) instead of axis 0 (the batch)
# replaces: linear_grads_batch
# must lose: test_linear_grads_batch
def linear_grads_batch(Delta, A):
    return Delta.T @ A / Delta.shape[0], Delta.mean(axis=1)
