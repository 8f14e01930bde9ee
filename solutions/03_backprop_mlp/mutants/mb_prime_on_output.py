# mutant: multiplies the output error by g'(z^L) although the output layer is linear
# replaces: mlp_backward
# must lose: test_mlp_backward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    dZ = dOut                                          # Delta^L (BP1, linear output layer)
+    dZ = dOut * G_PRIME[activation](Zs[-1])
