# mutant: one-sided (forward) difference: error O(h) instead of O(h^2)
# replaces: numerical_jacobian
# must lose: test_numerical_jacobian
def numerical_jacobian(f, x, h=1e-6):
    x = np.array(x, dtype=np.float64)
    f0 = np.asarray(f(x), dtype=np.float64).ravel()
    J = np.zeros((f0.size, x.size))
    for j in range(x.size):
        old = x[j]
        x[j] = old + h
        J[:, j] = (np.asarray(f(x), dtype=np.float64).ravel() - f0) / h
        x[j] = old
    return J
