# mutant: divides by the batch size: the VJP of an input has no batch mean
# replaces: affine_sigmoid_vjp
# must lose: test_affine_sigmoid_vjp
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return V @ W
+    return V @ W / V.shape[0]
