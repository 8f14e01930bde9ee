# mutant: the step uses the velocity before it is updated (w - lr * v_prev)
# replaces: momentum_update
# must lose: test_momentum_update
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return w - lr * v, {"v": v}
+    return w - lr * v_prev, {"v": v}
