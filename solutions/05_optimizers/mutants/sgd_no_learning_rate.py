# mutant: the learning rate is forgotten (w - dw)
# replaces: sgd_update
# must lose: test_sgd_update
def sgd_update(w, dw, state=None, lr=1e-2):
    return w - dw, {}
