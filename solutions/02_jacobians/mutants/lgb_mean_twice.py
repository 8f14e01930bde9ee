# mutant: applies the batch mean twice: divides by B^2
# replaces: linear_grads_batch
# must lose: test_linear_grads_batch
def linear_grads_batch(Delta, A):
    B = Delta.shape[0]
    return Delta.T @ A / B ** 2, Delta.mean(axis=0) / B
