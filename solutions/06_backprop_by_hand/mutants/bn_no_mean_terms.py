# mutant: batch-norm backward without the mean terms: dZ = gamma * dOut / std
# replaces: batchnorm
# must lose: test_batchnorm
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    dZ = inv_std * (g - g.mean(axis=0) - xhat * (g * xhat).mean(axis=0))
+    dZ = inv_std * g
