# mutant: Xavier with Var = 1 / n_in (LeCun) in both
# replaces: xavier
# must lose: test_xavier
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    std = gain * np.sqrt(2.0 / (n_in + n_out))
-    return std * rng.standard_normal(shape)
+    return gain * np.sqrt(1.0 / n_in) * rng.standard_normal(shape)
@@
-    limit = gain * np.sqrt(6.0 / (n_in + n_out))
+    limit = gain * np.sqrt(3.0 / n_in)
