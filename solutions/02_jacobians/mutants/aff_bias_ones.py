# mutant: dz/db as a matrix of ones instead of the identity
# replaces: affine_jacobians
# must lose: test_affine_jacobians
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return W.copy(), np.eye(W.shape[0], dtype=W.dtype)
+    return W.copy(), np.ones((W.shape[0], W.shape[0]), dtype=W.dtype)
