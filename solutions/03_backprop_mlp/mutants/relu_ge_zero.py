# mutant: derivative 1[z >= 0]: passes the gradient at z = 0
# replaces: relu
# must lose: test_relu
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    dZ = dA * (Z > 0)
-    return dZ
+    return dA * (Z >= 0)
@@
-    cache = Z
-    return A, cache
+    return A, Z
