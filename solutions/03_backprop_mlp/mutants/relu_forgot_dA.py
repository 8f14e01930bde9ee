# mutant: returns g'(Z) without multiplying by dA
# replaces: relu
# must lose: test_relu
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    dZ = dA * (Z > 0)
-    return dZ
+    return (Z > 0).astype(float)
@@
-    cache = Z
-    return A, cache
+    return A, Z
