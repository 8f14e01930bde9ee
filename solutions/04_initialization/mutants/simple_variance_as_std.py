# mutant: normal_init uses std**2 as the standard deviation
# replaces: simple_inits
# must lose: test_simple_inits
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return std * rng.standard_normal(shape)
+    return std**2 * rng.standard_normal(shape)
