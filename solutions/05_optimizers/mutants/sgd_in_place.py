# mutant: SGD updates the caller's array in place (w -= lr * dw) instead of returning a new one
# replaces: sgd_update
# must lose: test_sgd_update
def sgd_update(w, dw, state=None, lr=1e-2):
    w -= lr * dw
    return w, {}
