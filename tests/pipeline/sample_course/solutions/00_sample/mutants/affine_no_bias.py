# mutant: the bias is forgotten
# replaces: affine
# must lose: test_affine
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return A @ W.T + b
+    return A @ W.T
