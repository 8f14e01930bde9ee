# mutant: sign error: (onehot - P) / B
# replaces: softmax_cross_entropy
# must lose: test_softmax_cross_entropy
def softmax_cross_entropy(logits, y):
    B = logits.shape[0]
    rows = np.arange(B)
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    P = np.exp(log_p)
    loss = -np.mean(log_p[rows, y])
    onehot = np.zeros_like(P)
    onehot[rows, y] = 1
    return loss, (onehot - P) / B
