# mutant: arrays of shape (n_in, n_out) instead of (n_out, n_in)
# replaces: xavier
# must lose: test_xavier
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    std = gain * np.sqrt(2.0 / (n_in + n_out))
-    return std * rng.standard_normal(shape)
+    return gain * np.sqrt(2.0 / (n_in + n_out)) * rng.standard_normal((n_in, n_out))
@@
-    return rng.uniform(-limit, limit, size=shape)
+    return rng.uniform(-limit, limit, size=(n_in, n_out))
