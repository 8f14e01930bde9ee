# mutant: tanh'(z) = 1 - tanh(z): the square is missing
# replaces: unary_derivatives
# must lose: test_unary_derivatives
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return 1.0 - t * t
+    return 1.0 - t
