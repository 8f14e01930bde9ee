# mutant: sum over the batch instead of the mean
# replaces: mse
# must lose: test_mse
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return float(np.sum((Y_hat - Y) ** 2) / Y.shape[0])
+    return float(np.sum((Y_hat - Y) ** 2))
