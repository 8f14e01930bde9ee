# mutant: sign error in the recursion
# replaces: mlp_backward
# must lose: test_mlp_backward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-            dZ = (dZ @ W) * G_PRIME[activation](Zs[l - 1])   # BP2
+            dZ = -(dZ @ W) * G_PRIME[activation](Zs[l - 1])
