# mutant: diag(p) - p @ p.T: for a 1-D p, .T does nothing and p @ p is a number, not the outer product
# replaces: softmax_jacobian
# must lose: test_softmax_jacobian
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return np.diag(p) - np.outer(p, p)
+    return np.diag(p) - p @ p.T
