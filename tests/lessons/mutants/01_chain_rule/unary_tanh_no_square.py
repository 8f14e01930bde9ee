# mutant: tanh'(z) = 1 - tanh(z): the square is missing
# replaces: unary_derivatives
# must lose: test_unary_derivatives
def sigmoid_prime(z):
    """d sigmoid(z) / dz, elementwise. z: array of any shape -> array of the same shape."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh_prime(z):
    """d tanh(z) / dz, elementwise. z: array of any shape -> array of the same shape."""
    t = np.tanh(z)
    return 1.0 - t


def log_prime(x):
    """d log(x) / dx for x > 0, elementwise. x: array of any shape -> same shape."""
    return 1.0 / np.asarray(x, dtype=float)
