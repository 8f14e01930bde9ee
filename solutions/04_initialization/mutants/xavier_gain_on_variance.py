# mutant: the gain multiplies the variance instead of the standard deviation
# replaces: xavier
# must lose: test_xavier
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    std = gain * np.sqrt(2.0 / (n_in + n_out))
-    return std * rng.standard_normal(shape)
+    return np.sqrt(gain * 2.0 / (n_in + n_out)) * rng.standard_normal(shape)
@@
-    limit = gain * np.sqrt(6.0 / (n_in + n_out))
+    limit = np.sqrt(gain * 6.0 / (n_in + n_out))
