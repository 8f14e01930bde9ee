# mutant: sign error: dA * (a^2 - 1)
# replaces: tanh
# must lose: test_tanh
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    dZ = dA * (1 - A ** 2)
-    return dZ
+    return dA * (A ** 2 - 1)
@@
-    cache = A
-    return A, cache
+    return A, A
