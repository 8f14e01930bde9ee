# mutant: forward computes |Z| instead of max(Z, 0)
# replaces: relu
# must lose: test_relu
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    A = np.maximum(Z, 0)
-    cache = Z
-    return A, cache
+    A = np.abs(Z)
+    return A, Z
@@
-    dZ = dA * (Z > 0)
-    return dZ
+    return dA * (Z > 0)
