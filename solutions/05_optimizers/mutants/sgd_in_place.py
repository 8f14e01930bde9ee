# mutant: SGD updates the caller's array in place (w -= lr * dw) instead of returning a new one
# replaces: sgd_update
# must lose: test_sgd_update
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return w - lr * dw, {}
+    w -= lr * dw
+    return w, {}
