# mutant: derivative written 1 - a instead of 1 - a^2
# replaces: tanh
# must lose: test_tanh
def tanh_forward(Z):
    A = np.tanh(Z)
    return A, A


def tanh_backward(dA, cache):
    A = cache
    return dA * (1 - A)
