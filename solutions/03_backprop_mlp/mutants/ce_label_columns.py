# mutant: labels indexed as whole columns: P[:, y] -= 1
# replaces: softmax_cross_entropy
# must lose: test_softmax_cross_entropy
def softmax_cross_entropy(logits, y):
    B = logits.shape[0]
    rows = np.arange(B)
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -np.mean(log_p[rows, y])
    dlogits = np.exp(log_p)
    dlogits[:, y] -= 1
    return loss, dlogits / B
