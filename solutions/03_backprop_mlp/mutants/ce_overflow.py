# mutant: unstable softmax: exp of logits of 1000 overflows (nan)
# replaces: softmax_cross_entropy
# must lose: test_softmax_cross_entropy
def softmax_cross_entropy(logits, y):
    B = logits.shape[0]
    rows = np.arange(B)
    E = np.exp(logits)
    P = E / E.sum(axis=1, keepdims=True)
    loss = -np.mean(np.log(P[rows, y]))
    onehot = np.zeros_like(P)
    onehot[rows, y] = 1
    return loss, (P - onehot) / B
