# mutant: central difference divided by h instead of 2h
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
        x[i] = old
        grad[i] = (fp - fm) / h
    return grad
