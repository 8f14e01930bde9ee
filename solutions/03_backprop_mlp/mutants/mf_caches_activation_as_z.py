# mutant: stores the activation a^l in Zs instead of the pre-activation z^l
# replaces: mlp_forward
# must lose: test_mlp_forward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-        Zs.append(Z)
@@
-    out = A
-    return out, (As, Zs)
+        Zs.append(A)
+    return A, (As, Zs)
