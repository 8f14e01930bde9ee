# mutant: bias correction uses t before incrementing it (t = 0 on the first step: division by zero)
# replaces: adam_update
# must lose: test_adam_update
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    t = t + 1
@@
-    m_hat = m / (1 - beta1**t)
-    v_hat = v / (1 - beta2**t)
-    return w - lr * m_hat / (np.sqrt(v_hat) + eps), {"m": m, "v": v, "t": t}
+    with np.errstate(divide="ignore", invalid="ignore"):
+        m_hat = m / (1 - beta1**t)
+        v_hat = v / (1 - beta2**t)
+        w_next = w - lr * m_hat / (np.sqrt(v_hat) + eps)
+    return w_next, {"m": m, "v": v, "t": t + 1}
