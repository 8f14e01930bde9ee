# mutant: sigmoid derivative s (1 + s): sign error
# replaces: elementwise_jacobians
# must lose: test_elementwise_jacobians
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return np.diag(s * (1 - s))
+    return np.diag(s * (1 + s))
