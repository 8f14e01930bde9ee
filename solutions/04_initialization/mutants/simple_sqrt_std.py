# mutant: normal_init uses sqrt(std) as the standard deviation (std treated as a variance)
# replaces: simple_inits
# must lose: test_simple_inits
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return std * rng.standard_normal(shape)
+    return np.sqrt(std) * rng.standard_normal(shape)
