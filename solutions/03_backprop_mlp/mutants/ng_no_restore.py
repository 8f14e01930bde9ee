# mutant: leaves every entry at x - h instead of restoring it
# replaces: numerical_gradient
# must lose: test_numerical_gradient
def numerical_gradient(f, x, h=1e-6):
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        fp = f()
        x[i] = old - h
        fm = f()
        grad[i] = (fp - fm) / (2 * h)
    return grad
