# mutant: normal_init draws uniform on [-std, std]
# replaces: simple_inits
# must lose: test_simple_inits
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return std * rng.standard_normal(shape)
+    return rng.uniform(-std, std, size=shape)
