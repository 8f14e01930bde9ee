# mutant: multiplies dA by the activation max(Z, 0) instead of 1[Z > 0]
# replaces: relu
# must lose: test_relu
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    dZ = dA * (Z > 0)
-    return dZ
+    return dA * np.maximum(Z, 0)
@@
-    cache = Z
-    return A, cache
+    return A, Z
