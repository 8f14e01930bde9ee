# mutant: g' evaluated at the activation: 1 - tanh(a)^2 instead of 1 - a^2
# replaces: tanh
# must lose: test_tanh
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    dZ = dA * (1 - A ** 2)
-    return dZ
+    return dA * (1 - np.tanh(A) ** 2)
@@
-    cache = A
-    return A, cache
+    return A, A
