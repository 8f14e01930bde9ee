# mutant: Adam with eps inside the square root, sqrt(vhat + eps), when the convention says outside
# replaces: adam_update
# must lose: test_adam_update
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return w - lr * m_hat / (np.sqrt(v_hat) + eps), {"m": m, "v": v, "t": t}
+    return w - lr * m_hat / np.sqrt(v_hat + eps), {"m": m, "v": v, "t": t}
