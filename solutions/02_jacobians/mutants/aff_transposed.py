# mutant: dz/dh returned as W^T (denominator layout)
# replaces: affine_jacobians
# must lose: test_affine_jacobians
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return W.copy(), np.eye(W.shape[0], dtype=W.dtype)
+    return W.T.copy(), np.eye(W.shape[0], dtype=W.dtype)
