# mutant: central difference divided by h instead of 2h
# replaces: numerical_gradient
# must lose: test_numerical_gradient
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-        f_minus = f()
+        fm = f()
@@
-        grad[i] = (f_plus - f_minus) / (2 * h)
+        grad[i] = (fp - fm) / h
@@
-        f_plus = f()
+        fp = f()
