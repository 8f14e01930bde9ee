# mutant: dZ1 without the path through mu (Z1 feeds both xc and mu)
# replaces: network_backward
# must lose: test_network_backward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    g["dZ1"] = g["dxc"] + g["dmu"] / B
+    g["dZ1"] = g["dxc"]
