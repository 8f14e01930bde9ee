# mutant: the velocity is an average v = beta v + (1 - beta) dw (the convention is a sum)
# replaces: momentum_update
# must lose: test_momentum_update
def momentum_update(w, dw, state=None, lr=1e-2, beta=0.9):
    v_prev = np.zeros_like(w) if state is None else state["v"]
    v = beta * v_prev + (1 - beta) * dw
    return w - lr * v, {"v": v}
