# mutant: subtracts one global maximum: rows far below it underflow to 0 / 0
# replaces: softmax
# must lose: test_softmax
def softmax(Z):
    E = np.exp(Z - Z.max())
    return E / E.sum(axis=1, keepdims=True)
