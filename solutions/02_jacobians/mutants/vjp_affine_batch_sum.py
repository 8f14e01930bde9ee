# mutant: sums the VJP over the batch: one (n_in,) vector instead of one row per example
# replaces: affine_sigmoid_vjp
# must lose: test_affine_sigmoid_vjp
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return V @ W
+    return (V @ W).sum(axis=0)
