# mutant: Adam with beta1 and beta2 swapped between the two running means
# replaces: adam_update
# must lose: test_adam_update
def adam_update(w, dw, state=None, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        m, v, t = np.zeros_like(w), np.zeros_like(w), 0
    else:
        m, v, t = state["m"], state["v"], state["t"]
    t = t + 1
    m = beta2 * m + (1 - beta2) * dw
    v = beta1 * v + (1 - beta1) * dw**2
    m_hat = m / (1 - beta2**t)
    v_hat = v / (1 - beta1**t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), {"m": m, "v": v, "t": t}
