# mutant: uniform limit sqrt(2 / (n_in + n_out)) without the sqrt(3) factor
# replaces: xavier
# must lose: test_xavier
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    limit = gain * np.sqrt(6.0 / (n_in + n_out))
+    limit = gain * np.sqrt(2.0 / (n_in + n_out))
@@
-    std = gain * np.sqrt(2.0 / (n_in + n_out))
-    return std * rng.standard_normal(shape)
+    return gain * np.sqrt(2.0 / (n_in + n_out)) * rng.standard_normal(shape)
