# mutant: Nesterov written as plain momentum (the look-ahead term is missing)
# replaces: nesterov_update
# must lose: test_nesterov_update
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return w - lr * (dw + beta * v), {"v": v}
+    return w - lr * v, {"v": v}
