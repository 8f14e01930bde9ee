# mutant: diag(sigmoid(z)): the function instead of its derivative
# replaces: elementwise_jacobians
# must lose: test_elementwise_jacobians
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    s = sigmoid(z)
-    return np.diag(s * (1 - s))
+    return np.diag(sigmoid(z))
