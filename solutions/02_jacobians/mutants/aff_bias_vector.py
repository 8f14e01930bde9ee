# mutant: dz/db as a vector of ones (the diagonal only), not an (n_out, n_out) matrix
# replaces: affine_jacobians
# must lose: test_affine_jacobians
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return W.copy(), np.eye(W.shape[0], dtype=W.dtype)
+    return W.copy(), np.ones_like(b)
