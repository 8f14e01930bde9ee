# mutant: d(a/b)/da = b instead of 1/b
# replaces: binary_derivatives
# must lose: test_binary_derivatives
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return 1.0 / b, -a / (b * b)
+    return b, -a / (b * b)
