# mutant: sigmoid'(z) = sigmoid(z): the factor (1 - sigmoid(z)) is missing
# replaces: unary_derivatives
# must lose: test_unary_derivatives
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return s * (1.0 - s)
+    return s
