# mutant: batch-norm backward with the term from mu but not the one from the variance
# replaces: batchnorm
# must lose: test_batchnorm
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    dZ = inv_std * (g - g.mean(axis=0) - xhat * (g * xhat).mean(axis=0))
+    dZ = inv_std * (g - g.mean(axis=0))
