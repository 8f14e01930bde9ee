# mutant: RMSProp divides by the mean square instead of its square root
# replaces: rmsprop_update
# must lose: test_rmsprop_update
def rmsprop_update(w, dw, state=None, lr=1e-3, rho=0.9, eps=1e-8):
    s_prev = np.zeros_like(w) if state is None else state["s"]
    s = rho * s_prev + (1 - rho) * dw**2
    return w - lr * dw / (s + eps), {"s": s}
