# mutant: bias correction with the step count off by one (t starts at 1 and is incremented first, so the first step uses t = 2)
# replaces: adam_update
# must lose: test_adam_update
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    """Adam with bias correction (first step t = 1) and eps outside the square root.
-    w, dw: same shape. state: None (first call) or {"m": m, "v": v, "t": t}.
-    Returns (w_next, {"m": m, "v": v, "t": t})."""
@@
-        m, v, t = np.zeros_like(w), np.zeros_like(w), 0
+        m, v, t = np.zeros_like(w), np.zeros_like(w), 1
