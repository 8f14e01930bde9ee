# mutant: d(a/b)/db = +a/b^2 (sign lost)
# replaces: binary_derivatives
# must lose: test_binary_derivatives
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return 1.0 / b, -a / (b * b)
+    return 1.0 / b, a / (b * b)
