# mutant: de only through the numerator of e / s: the path through s = sum(e) forgotten
# replaces: loss_backward
# must lose: test_loss_backward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    g["de"] = g["dprobs"] / t["s"] + g["ds"]
+    g["de"] = g["dprobs"] / t["s"]
