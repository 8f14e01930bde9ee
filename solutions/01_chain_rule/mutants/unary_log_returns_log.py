# mutant: log'(x) = log(x)
# replaces: unary_derivatives
# must lose: test_unary_derivatives
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return 1.0 / np.asarray(x, dtype=float)
+    return np.log(x)
