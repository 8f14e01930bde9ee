# mutant: V @ diag(g') written as a matrix product of the (B, n) arrays: V @ g'(Z).T
# replaces: affine_sigmoid_vjp
# must lose: test_affine_sigmoid_vjp
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return V * s * (1 - s)
+    return V @ (s * (1 - s)).T
