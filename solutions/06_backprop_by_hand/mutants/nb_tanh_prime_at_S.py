# mutant: tanh' written with the pre-activation S instead of the output Hid (1 - S**2)
# replaces: network_backward
# must lose: test_network_backward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    g["dS"] = g["dHid"] * (1 - t["Hid"] ** 2)
+    g["dS"] = g["dHid"] * (1 - t["S"] ** 2)
