# mutant: zeros_init and constant_init build (n_in, n_out)
# replaces: simple_inits
# must lose: test_simple_inits
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return np.zeros(shape)
+    return np.zeros(tuple(shape)[::-1])
@@
-    return np.full(shape, float(value))
+    return np.full(tuple(shape)[::-1], float(value))
