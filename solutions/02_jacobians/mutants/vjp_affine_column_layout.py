# mutant: W.T @ V.T: the column-vector formula applied to the whole batch, giving (n_in, B) instead of batch-first (B, n_in)
# replaces: affine_sigmoid_vjp
# must lose: test_affine_sigmoid_vjp
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return V @ W
+    return W.T @ V.T
