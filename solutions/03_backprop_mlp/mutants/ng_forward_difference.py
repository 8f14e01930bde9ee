# mutant: one-sided difference (f(x + h) - f(x)) / h: error O(h)
# replaces: numerical_gradient
# must lose: test_numerical_gradient
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    grad = np.zeros(x.shape)
+    grad = np.zeros(x.shape)
+    f0 = f()
@@
-        f_plus = f()
-        x[i] = old - h
-        f_minus = f()
+        grad[i] = (f() - f0) / h
@@
-        grad[i] = (f_plus - f_minus) / (2 * h)
