# mutant: p p^T - diag(p): sign flipped
# replaces: softmax_jacobian
# must lose: test_softmax_jacobian
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return np.diag(p) - np.outer(p, p)
+    return np.outer(p, p) - np.diag(p)
