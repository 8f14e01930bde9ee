# mutant: the step uses the velocity before it is updated (w - lr * v_prev)
# replaces: momentum_update
# must lose: test_momentum_update
def momentum_update(w, dw, state=None, lr=1e-2, beta=0.9):
    v_prev = np.zeros_like(w) if state is None else state["v"]
    v = beta * v_prev + dw
    return w - lr * v_prev, {"v": v}
