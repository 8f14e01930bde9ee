# mutant: dW averaged but db summed over the batch
# replaces: linear_grads_batch
# must lose: test_linear_grads_batch
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    B = Delta.shape[0]
-    return Delta.T @ A / B, Delta.sum(axis=0) / B
+    return Delta.T @ A / Delta.shape[0], Delta.sum(axis=0)
