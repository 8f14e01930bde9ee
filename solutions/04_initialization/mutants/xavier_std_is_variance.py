# mutant: the variance 2 / (n_in + n_out) used as the standard deviation (missing sqrt)
# replaces: xavier
# must lose: test_xavier
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    std = gain * np.sqrt(2.0 / (n_in + n_out))
-    return std * rng.standard_normal(shape)
+    return gain * (2.0 / (n_in + n_out)) * rng.standard_normal(shape)
