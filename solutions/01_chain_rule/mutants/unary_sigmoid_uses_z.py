# mutant: sigmoid'(z) = z (1 - z): z used where sigmoid(z) is needed
# replaces: unary_derivatives
# must lose: test_unary_derivatives
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    s = sigmoid(z)
+    s = np.asarray(z, dtype=float)
