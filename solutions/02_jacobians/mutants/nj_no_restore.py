# mutant: forgets to restore x[j] after nudging it, so later columns are taken at a drifted point
# replaces: numerical_jacobian
# must lose: test_numerical_jacobian
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-        old = x[j]
-        x[j] = old + h
-        f_plus = np.asarray(f(x), dtype=np.float64).ravel()
-        x[j] = old - h
-        f_minus = np.asarray(f(x), dtype=np.float64).ravel()
-        x[j] = old
-        J[:, j] = (f_plus - f_minus) / (2 * h)
+        x[j] += h
+        fp = np.asarray(f(x), dtype=np.float64).ravel()
+        x[j] -= 2 * h
+        fm = np.asarray(f(x), dtype=np.float64).ravel()
+        J[:, j] = (fp - fm) / (2 * h)
