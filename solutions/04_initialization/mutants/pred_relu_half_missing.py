# mutant: ReLU's factor 1/2 is missing
# replaces: predicted_variance
# must lose: test_predicted_variance
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-        second_moment = q_l / 2 if activation == "relu" else q_l
+        second_moment = q_l if activation == "relu" else q_l
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
