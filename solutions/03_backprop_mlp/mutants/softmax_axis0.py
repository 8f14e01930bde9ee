# mutant: normalizes over axis 0 (the batch) instead of each row
# replaces: softmax
# must lose: test_softmax
def softmax(Z):
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)
