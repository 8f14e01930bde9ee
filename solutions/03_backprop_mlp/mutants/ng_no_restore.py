# mutant: leaves every entry at x - h instead of restoring it
# replaces: numerical_gradient
# must lose: test_numerical_gradient
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-        f_minus = f()
-        x[i] = old
-        grad[i] = (f_plus - f_minus) / (2 * h)
+        fm = f()
+        grad[i] = (fp - fm) / (2 * h)
@@
-        f_plus = f()
+        fp = f()
