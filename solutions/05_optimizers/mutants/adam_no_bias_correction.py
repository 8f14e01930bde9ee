# mutant: Adam without bias correction (steps with m and v directly)
# replaces: adam_update
# must lose: test_adam_update
def adam_update(w, dw, state=None, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        m, v, t = np.zeros_like(w), np.zeros_like(w), 0
    else:
        m, v, t = state["m"], state["v"], state["t"]
    t = t + 1
    m = beta1 * m + (1 - beta1) * dw
    v = beta2 * v + (1 - beta2) * dw**2
    return w - lr * m / (np.sqrt(v) + eps), {"m": m, "v": v, "t": t}
