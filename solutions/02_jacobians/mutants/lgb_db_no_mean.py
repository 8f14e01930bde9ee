# mutant: dW averaged but db summed over the batch
# replaces: linear_grads_batch
# must lose: test_linear_grads_batch
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    B = D.shape[0]
-    return D.T @ A / B, D.sum(axis=0) / B
+    return D.T @ A / D.shape[0], D.sum(axis=0)
