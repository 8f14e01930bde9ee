# mutant: forward 1 / (1 + exp(Z)): the sign of the exponent
# replaces: sigmoid
# must lose: test_sigmoid
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    A = 1.0 / (1.0 + np.exp(-Z))
-    cache = A
-    return A, cache
+    A = 1 / (1 + np.exp(Z))
+    return A, A
@@
-    dZ = dA * A * (1 - A)
-    return dZ
+    return dA * A * (1 - A)
