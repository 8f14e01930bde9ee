# mutant: Nesterov that forgets the previous velocity (v = dw)
# replaces: nesterov_update
# must lose: test_nesterov_update
def nesterov_update(w, dw, state=None, lr=1e-2, beta=0.9):
    v = dw
    return w - lr * (dw + beta * v), {"v": v}
