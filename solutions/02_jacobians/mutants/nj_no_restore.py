# mutant: forgets to restore x[j] after nudging it, so later columns are taken at a drifted point
# replaces: numerical_jacobian
# must lose: test_numerical_jacobian
def numerical_jacobian(f, x, h=1e-6):
    x = np.array(x, dtype=np.float64)
    m = np.asarray(f(x)).size
    J = np.zeros((m, x.size))
    for j in range(x.size):
        x[j] += h
        fp = np.asarray(f(x), dtype=np.float64).ravel()
        x[j] -= 2 * h
        fm = np.asarray(f(x), dtype=np.float64).ravel()
        J[:, j] = (fp - fm) / (2 * h)
    return J
