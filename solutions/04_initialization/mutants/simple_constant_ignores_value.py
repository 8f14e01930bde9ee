# mutant: constant_init always fills with ones
# replaces: simple_inits
# must lose: test_simple_inits
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return np.full(shape, float(value))
+    return np.ones(shape)
