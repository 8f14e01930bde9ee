# mutant: the variance divided by B - 1 (ddof=1) instead of B
# replaces: batchnorm
# must lose: test_batchnorm
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    var = Z.var(axis=0)
+    var = Z.var(axis=0, ddof=1)
