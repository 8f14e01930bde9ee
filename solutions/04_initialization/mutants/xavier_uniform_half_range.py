# mutant: uniform on [0, limit) instead of [-limit, limit)
# replaces: xavier
# must lose: test_xavier
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return rng.uniform(-limit, limit, size=shape)
+    return rng.uniform(0.0, limit, size=shape)
@@
-    std = gain * np.sqrt(2.0 / (n_in + n_out))
-    return std * rng.standard_normal(shape)
+    return gain * np.sqrt(2.0 / (n_in + n_out)) * rng.standard_normal(shape)
