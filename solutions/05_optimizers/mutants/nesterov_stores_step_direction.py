# mutant: Nesterov returns the step direction dw + beta * v as its state instead of the velocity v
# replaces: nesterov_update
# must lose: test_nesterov_update
def nesterov_update(w, dw, state=None, lr=1e-2, beta=0.9):
    v_prev = np.zeros_like(w) if state is None else state["v"]
    v = beta * v_prev + dw
    direction = dw + beta * v
    return w - lr * direction, {"v": direction}
