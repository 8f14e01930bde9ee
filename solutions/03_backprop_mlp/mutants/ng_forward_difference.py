# mutant: one-sided difference (f(x + h) - f(x)) / h: error O(h)
# replaces: numerical_gradient
# must lose: test_numerical_gradient
def numerical_gradient(f, x, h=1e-6):
    grad = np.zeros(x.shape)
    f0 = f()
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        grad[i] = (f() - f0) / h
        x[i] = old
    return grad
