# mutant: forgets the batch mean: Delta^T A and sum of Delta
# replaces: linear_grads_batch
# must lose: test_linear_grads_batch
def linear_grads_batch(Delta, A):
    return Delta.T @ A, Delta.sum(axis=0)
