# mutant: d(var + eps)^(-1/2) / dvar taken as -1/2 (var + eps)^(-1) (inv_std**2 instead of inv_std**3)
# replaces: network_backward
# must lose: test_network_backward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    g["dvar"] = g["dinv_std"] * -0.5 * t["inv_std"] ** 3
+    g["dvar"] = g["dinv_std"] * -0.5 * t["inv_std"] ** 2
