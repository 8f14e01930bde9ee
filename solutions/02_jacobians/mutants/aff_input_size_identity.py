# mutant: identity of size n_in for dz/db
# replaces: affine_jacobians
# must lose: test_affine_jacobians
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return W.copy(), np.eye(W.shape[0], dtype=W.dtype)
+    return W.copy(), np.eye(W.shape[1], dtype=W.dtype)
