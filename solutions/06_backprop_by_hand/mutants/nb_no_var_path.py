# mutant: dxc without the path through var (xc feeds both xhat and var)
# replaces: network_backward
# must lose: test_network_backward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    g["dxc"] = g["dxhat"] * t["inv_std"] + g["dvar"] * 2 * t["xc"] / B
+    g["dxc"] = g["dxhat"] * t["inv_std"]
