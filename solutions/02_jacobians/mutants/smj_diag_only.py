# mutant: diag(p): the outer-product term - p p^T is missing
# replaces: softmax_jacobian
# must lose: test_softmax_jacobian
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    p = softmax(z)
-    return np.diag(p) - np.outer(p, p)
+    return np.diag(softmax(z))
