# mutant: g' evaluated at the activation: sigma(a) (1 - sigma(a)) instead of a (1 - a)
# replaces: sigmoid
# must lose: test_sigmoid
def sigmoid_forward(Z):
    A = 1 / (1 + np.exp(-Z))
    return A, A


def sigmoid_backward(dA, cache):
    A = cache
    return dA * (1 / (1 + np.exp(-A))) * (1 - 1 / (1 + np.exp(-A)))
