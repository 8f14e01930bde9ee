# mutant: Adam without bias correction (steps with m and v directly)
# replaces: adam_update
# must lose: test_adam_update
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    m_hat = m / (1 - beta1**t)
-    v_hat = v / (1 - beta2**t)
-    return w - lr * m_hat / (np.sqrt(v_hat) + eps), {"m": m, "v": v, "t": t}
+    return w - lr * m / (np.sqrt(v) + eps), {"m": m, "v": v, "t": t}
