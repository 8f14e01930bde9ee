# mutant: returns only Var(z^L), a number, not the per-layer array
# replaces: predicted_variance
# must lose: test_predicted_variance
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return np.array(q)
+    return q[-1]
@@
-        n_in, n_out = widths[l], widths[l + 1]
+        n_in, n_out = widths[l], widths[l + 1]
+        fan = n_in
@@
-            var_w = 1.0 / n_in
+            var_w = 1.0 / fan
@@
-        elif scheme.startswith("he"):
-            var_w = 2.0 / n_in
@@
-            raise ValueError(f"unknown scheme {scheme!r}")
+            var_w = 2.0 / fan
