# mutant: central difference divided by h instead of 2h (factor 2)
# replaces: numerical_jacobian
# must lose: test_numerical_jacobian
def numerical_jacobian(f, x, h=1e-6):
    x = np.array(x, dtype=np.float64)
    m = np.asarray(f(x)).size
    J = np.zeros((m, x.size))
    for j in range(x.size):
        old = x[j]
        x[j] = old + h
        fp = np.asarray(f(x), dtype=np.float64).ravel()
        x[j] = old - h
        fm = np.asarray(f(x), dtype=np.float64).ravel()
        x[j] = old
        J[:, j] = (fp - fm) / h
    return J
