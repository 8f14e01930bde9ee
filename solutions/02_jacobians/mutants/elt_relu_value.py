# mutant: diag(relu(z)): the ReLU output instead of its derivative
# replaces: elementwise_jacobians
# must lose: test_elementwise_jacobians
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return np.diag((z > 0).astype(z.dtype))
+    return np.diag(np.maximum(z, 0))
