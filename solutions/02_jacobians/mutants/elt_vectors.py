# mutant: returns the vectors g'(z) instead of the (n, n) diagonal matrices
# replaces: elementwise_jacobians
# must lose: test_elementwise_jacobians
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return np.diag(s * (1 - s))
+    return s * (1 - s)
@@
-    return np.diag((z > 0).astype(z.dtype))
+    return (z > 0).astype(z.dtype)
