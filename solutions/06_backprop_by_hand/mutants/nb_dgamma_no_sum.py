# mutant: dgamma not summed over the batch gamma was broadcast along: shape (B, H) instead of (H,)
# replaces: network_backward
# must lose: test_network_backward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    g["dgamma"] = sum_to_shape(g["dS"] * t["xhat"], params["gamma"].shape)
+    g["dgamma"] = g["dS"] * t["xhat"]
