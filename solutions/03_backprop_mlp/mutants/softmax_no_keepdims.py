# mutant: row maximum without keepdims: broadcasts against the wrong axis
# replaces: softmax
# must lose: test_softmax
def softmax(Z):
    E = np.exp(Z - Z.max(axis=1))
    return E / E.sum(axis=1, keepdims=True)
