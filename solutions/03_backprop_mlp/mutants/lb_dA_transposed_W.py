# mutant: dA with W transposed: dZ @ W.T
# replaces: linear_backward
# must lose: test_linear_backward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    dA = dZ @ W
+    dA = dZ @ W.T
