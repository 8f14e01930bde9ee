# mutant: Nesterov written as plain momentum (the look-ahead term is missing)
# replaces: nesterov_update
# must lose: test_nesterov_update
def nesterov_update(w, dw, state=None, lr=1e-2, beta=0.9):
    v_prev = np.zeros_like(w) if state is None else state["v"]
    v = beta * v_prev + dw
    return w - lr * v, {"v": v}
