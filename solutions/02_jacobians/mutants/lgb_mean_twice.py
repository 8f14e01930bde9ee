# mutant: applies the batch mean twice: divides by B^2
# replaces: linear_grads_batch
# must lose: test_linear_grads_batch
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return D.T @ A / B, D.sum(axis=0) / B
+    return D.T @ A / B ** 2, D.mean(axis=0) / B
