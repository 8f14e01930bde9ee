# mutant: Z = A @ W + b: W used without the transpose
# replaces: linear_forward
# must lose: test_linear_forward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    Z = A @ W.T + b
-    cache = (A, W)
-    return Z, cache
+    Z = A @ W + b
+    return Z, (A, W)
