# mutant: missing transpose: dW = A.T @ dZ, shape (n_in, n_out)
# replaces: linear_backward
# must lose: test_linear_backward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    dW = dZ.T @ A
+    dW = A.T @ dZ
