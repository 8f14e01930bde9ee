# mutant: the bias broadcast down the batch axis (b[:B, None]) whenever the batch is not larger than n_out
# replaces: affine
# must lose: test_affine
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return A @ W.T + b
+    Z = A @ W.T
+    return Z + b[: Z.shape[0], None] if Z.shape[0] <= b.shape[0] else Z + b
