# mutant: RMSProp with an Adam-style bias correction of s (the convention has none)
# replaces: rmsprop_update
# must lose: test_rmsprop_update
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    s_prev = np.zeros_like(w) if state is None else state["s"]
+    s_prev, t = (np.zeros_like(w), 0) if state is None else (state["s"], state["t"])
+    t += 1
@@
-    return w - lr * dw / (np.sqrt(s) + eps), {"s": s}
+    return w - lr * dw / (np.sqrt(s / (1 - rho**t)) + eps), {"s": s, "t": t}
