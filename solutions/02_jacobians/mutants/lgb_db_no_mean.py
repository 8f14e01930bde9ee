# mutant: dW averaged but db summed over the batch
# replaces: linear_grads_batch
# must lose: test_linear_grads_batch
def linear_grads_batch(Delta, A):
    return Delta.T @ A / Delta.shape[0], Delta.sum(axis=0)
