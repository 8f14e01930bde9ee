# mutant: RMSProp with an Adam-style bias correction of s (the convention has none)
# replaces: rmsprop_update
# must lose: test_rmsprop_update
def rmsprop_update(w, dw, state=None, lr=1e-3, rho=0.9, eps=1e-8):
    s_prev, t = (np.zeros_like(w), 0) if state is None else (state["s"], state["t"])
    t += 1
    s = rho * s_prev + (1 - rho) * dw**2
    return w - lr * dw / (np.sqrt(s / (1 - rho**t)) + eps), {"s": s, "t": t}
