# mutant: applies the batch mean twice: divides by B^2
# replaces: linear_grads_batch
# must lose: test_linear_grads_batch
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return Delta.T @ A / B, Delta.sum(axis=0) / B
+    return Delta.T @ A / B ** 2, Delta.mean(axis=0) / B
