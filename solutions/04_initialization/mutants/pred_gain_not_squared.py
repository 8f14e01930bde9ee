# mutant: the gain is not squared
# replaces: predicted_variance
# must lose: test_predicted_variance
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-            raise ValueError(f"unknown scheme {scheme!r}")
-        q_l = n_in * gain**2 * var_w * second_moment
+            var_w = 2.0 / fan
+        q_l = n_in * gain * var_w * second_moment
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
