# mutant: sign error: dA * (a^2 - 1)
# replaces: tanh
# must lose: test_tanh
def tanh_forward(Z):
    A = np.tanh(Z)
    return A, A


def tanh_backward(dA, cache):
    A = cache
    return dA * (A ** 2 - 1)
