# mutant: A^T Delta / B: transposed dW
# replaces: linear_grads_batch
# must lose: test_linear_grads_batch
def linear_grads_batch(Delta, A):
    return A.T @ Delta / Delta.shape[0], Delta.mean(axis=0)
