# mutant: normal_init draws from np.random instead of rng
# replaces: simple_inits
# must lose: test_simple_inits
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return std * rng.standard_normal(shape)
+    return std * np.random.standard_normal(shape)
