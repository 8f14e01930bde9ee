# mutant: batch mean applied twice: dW and db divided by B again
# replaces: linear_backward
# must lose: test_linear_backward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    dW = dZ.T @ A
-    db = dZ.sum(axis=0)
+    dW = dZ.T @ A / dZ.shape[0]
+    db = dZ.mean(axis=0)
