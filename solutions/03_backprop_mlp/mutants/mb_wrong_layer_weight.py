# mutant: recursion uses W^(l-1) instead of W^l
# replaces: mlp_backward
# must lose: test_mlp_backward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-            dZ = (dZ @ W) * G_PRIME[activation](Zs[l - 1])   # BP2
+            dZ = (dZ @ params[l - 1][0]) * G_PRIME[activation](Zs[l - 1])
