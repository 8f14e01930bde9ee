# mutant: db of shape (1, n_out) (keepdims=True) instead of (n_out,)
# replaces: linear_grads_batch
# must lose: test_linear_grads_batch
def linear_grads_batch(Delta, A):
    return Delta.T @ A / Delta.shape[0], Delta.mean(axis=0, keepdims=True)
