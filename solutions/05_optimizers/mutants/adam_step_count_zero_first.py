# mutant: bias correction uses t before incrementing it (t = 0 on the first step: division by zero)
# replaces: adam_update
# must lose: test_adam_update
def adam_update(w, dw, state=None, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        m, v, t = np.zeros_like(w), np.zeros_like(w), 0
    else:
        m, v, t = state["m"], state["v"], state["t"]
    m = beta1 * m + (1 - beta1) * dw
    v = beta2 * v + (1 - beta2) * dw**2
    with np.errstate(divide="ignore", invalid="ignore"):
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        w_next = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return w_next, {"m": m, "v": v, "t": t + 1}
