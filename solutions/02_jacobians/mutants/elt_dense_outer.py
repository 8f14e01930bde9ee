# mutant: outer product g'(z) g'(z)^T instead of diag(g'(z)): a dense matrix with wrong off-diagonals
# replaces: elementwise_jacobians
# must lose: test_elementwise_jacobians
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return np.diag(s * (1 - s))
+    d = s * (1 - s)
+    return np.outer(d, d)
@@
-    return np.diag((z > 0).astype(z.dtype))
+    d = (z > 0).astype(z.dtype)
+    return np.outer(d, d)
