# mutant: forgets the biases
# replaces: mlp_forward
# must lose: test_mlp_forward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-        Z = A @ W.T + b
+        Z = A @ W.T
@@
-    out = A
-    return out, (As, Zs)
+    return A, (As, Zs)
