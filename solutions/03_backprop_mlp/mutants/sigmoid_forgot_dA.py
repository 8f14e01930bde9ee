# mutant: returns sigma'(z) without multiplying by dA
# replaces: sigmoid
# must lose: test_sigmoid
def sigmoid_forward(Z):
    A = 1 / (1 + np.exp(-Z))
    return A, A


def sigmoid_backward(dA, cache):
    A = cache
    return A * (1 - A)
