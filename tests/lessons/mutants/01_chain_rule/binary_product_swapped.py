# mutant: d(ab)/da = a and d(ab)/db = b (partials swapped)
# replaces: binary_derivatives
# must lose: test_binary_derivatives
def product_partials(a, b):
    """Partial derivatives of a * b, elementwise.

    a, b: arrays of the same shape. Returns (d(a*b)/da, d(a*b)/db), two arrays of that shape.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.copy(), b.copy()


def quotient_partials(a, b):
    """Partial derivatives of a / b (b != 0), elementwise.

    a, b: arrays of the same shape. Returns (d(a/b)/da, d(a/b)/db), two arrays of that shape.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return 1.0 / b, -a / (b * b)
