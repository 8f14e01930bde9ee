# mutant: nudges every entry of x at once (x + h) instead of one at a time (x + h e_j)
# replaces: numerical_jacobian
# must lose: test_numerical_jacobian
def numerical_jacobian(f, x, h=1e-6):
    x = np.array(x, dtype=np.float64)
    m = np.asarray(f(x)).size
    J = np.zeros((m, x.size))
    column = (np.asarray(f(x + h), dtype=np.float64).ravel() - np.asarray(f(x - h), dtype=np.float64).ravel()) / (2 * h)
    for j in range(x.size):
        J[:, j] = column
    return J
