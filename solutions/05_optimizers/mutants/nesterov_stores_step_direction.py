# mutant: Nesterov returns the step direction dw + beta * v as its state instead of the velocity v
# replaces: nesterov_update
# must lose: test_nesterov_update
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return w - lr * (dw + beta * v), {"v": v}
+    direction = dw + beta * v
+    return w - lr * direction, {"v": direction}
