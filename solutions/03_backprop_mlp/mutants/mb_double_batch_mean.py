# mutant: batch mean applied again in every layer
# replaces: mlp_backward
# must lose: test_mlp_backward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-        grads[l] = (dZ.T @ As[l], dZ.sum(axis=0))     # BP4 and BP3, summed over the batch
+        grads[l] = (dZ.T @ As[l] / dZ.shape[0], dZ.mean(axis=0))
