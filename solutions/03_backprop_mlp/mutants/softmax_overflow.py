# mutant: no max subtraction: exp overflows on logits of 1000 (inf / inf = nan)
# replaces: softmax
# must lose: test_softmax
def softmax(Z):
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)
