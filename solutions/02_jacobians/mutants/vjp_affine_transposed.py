# mutant: V @ W.T: the transpose of what is needed (wrong shape, or wrong values for square W)
# replaces: affine_sigmoid_vjp
# must lose: test_affine_sigmoid_vjp
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return V @ W
+    return V @ W.T
