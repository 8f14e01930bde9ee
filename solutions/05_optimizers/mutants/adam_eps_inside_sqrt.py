# mutant: Adam with eps inside the square root, sqrt(vhat + eps), when the convention says outside
# replaces: adam_update
# must lose: test_adam_update
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    """Adam with bias correction (first step t = 1) and eps outside the square root.
-    w, dw: same shape. state: None (first call) or {"m": m, "v": v, "t": t}.
-    Returns (w_next, {"m": m, "v": v, "t": t})."""
@@
-    return w - lr * m_hat / (np.sqrt(v_hat) + eps), {"m": m, "v": v, "t": t}
+    return w - lr * m_hat / np.sqrt(v_hat + eps), {"m": m, "v": v, "t": t}
