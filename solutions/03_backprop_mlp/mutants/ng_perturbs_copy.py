# mutant: perturbs a copy of x, which f never sees: the gradient comes out 0
# replaces: numerical_gradient
# must lose: test_numerical_gradient
def numerical_gradient(f, x, h=1e-6):
    grad = np.zeros(x.shape)
    xc = x.copy()
    for i in np.ndindex(x.shape):
        old = xc[i]
        xc[i] = old + h
        fp = f()
        xc[i] = old - h
        fm = f()
        xc[i] = old
        grad[i] = (fp - fm) / (2 * h)
    return grad
