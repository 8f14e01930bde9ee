# mutant: applies the activation to the output layer too
# replaces: mlp_forward
# must lose: test_mlp_forward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    for l, (W, b) in enumerate(params):
+    for W, b in params:
@@
-        A = Z if l == len(params) - 1 else G[activation](Z)
-    out = A
-    return out, (As, Zs)
+        A = G[activation](Z)
+    return A, (As, Zs)
