# mutant: sign error: dA * a (a - 1)
# replaces: sigmoid
# must lose: test_sigmoid
def sigmoid_forward(Z):
    A = 1 / (1 + np.exp(-Z))
    return A, A


def sigmoid_backward(dA, cache):
    A = cache
    return dA * A * (A - 1)
