# mutant: As holds each layer's output a^1..a^L instead of its input a^0..a^(L-1)
# replaces: mlp_forward
# must lose: test_mlp_forward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-        As.append(A)
@@
-    out = A
-    return out, (As, Zs)
+        As.append(A)
+    return A, (As, Zs)
