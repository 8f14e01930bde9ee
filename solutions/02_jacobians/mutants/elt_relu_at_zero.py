# mutant: ReLU derivative 1[z >= 0]: 1 at the kink instead of the course's 0
# replaces: elementwise_jacobians
# must lose: test_elementwise_jacobians
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return np.diag((z > 0).astype(z.dtype))
+    return np.diag((z >= 0).astype(z.dtype))
