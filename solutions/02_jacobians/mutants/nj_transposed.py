# mutant: fills rows instead of columns: returns the (n, m) denominator-layout matrix
# replaces: numerical_jacobian
# must lose: test_numerical_jacobian
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    J = np.zeros((m, x.size))
+    J = np.zeros((x.size, m))
@@
-        J[:, j] = (f_plus - f_minus) / (2 * h)
+        J[j, :] = (fp - fm) / (2 * h)
@@
-        f_plus = np.asarray(f(x), dtype=np.float64).ravel()
+        fp = np.asarray(f(x), dtype=np.float64).ravel()
@@
-        f_minus = np.asarray(f(x), dtype=np.float64).ravel()
+        fm = np.asarray(f(x), dtype=np.float64).ravel()
