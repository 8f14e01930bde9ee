# mutant: one-sided (forward) difference: error O(h) instead of O(h^2)
# replaces: numerical_jacobian
# must lose: test_numerical_jacobian
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    m = np.asarray(f(x)).size
-    J = np.zeros((m, x.size))
+    f0 = np.asarray(f(x), dtype=np.float64).ravel()
+    J = np.zeros((f0.size, x.size))
@@
-        f_plus = np.asarray(f(x), dtype=np.float64).ravel()
-        x[j] = old - h
-        f_minus = np.asarray(f(x), dtype=np.float64).ravel()
+        J[:, j] = (np.asarray(f(x), dtype=np.float64).ravel() - f0) / h
@@
-        J[:, j] = (f_plus - f_minus) / (2 * h)
