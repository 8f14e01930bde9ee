# mutant: SGD climbs the gradient (w + lr * dw)
# replaces: sgd_update
# must lose: test_sgd_update
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return w - lr * dw, {}
+    return w + lr * dw, {}
