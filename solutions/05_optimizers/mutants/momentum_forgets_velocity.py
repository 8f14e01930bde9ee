# mutant: momentum that forgets the previous velocity (v = dw), i.e. plain SGD
# replaces: momentum_update
# must lose: test_momentum_update
def momentum_update(w, dw, state=None, lr=1e-2, beta=0.9):
    v = dw
    return w - lr * v, {"v": v}
