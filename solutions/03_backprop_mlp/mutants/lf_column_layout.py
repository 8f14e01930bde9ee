# mutant: column-vector layout in code: Z = W @ A.T + b[:, None], shape (n_out, B)
# replaces: linear_forward
# must lose: test_linear_forward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    Z = A @ W.T + b
-    cache = (A, W)
-    return Z, cache
+    Z = W @ A.T + b[:, None]
+    return Z, (A, W)
