# mutant: log's derivative taken as probs instead of 1 / probs
# replaces: loss_backward
# must lose: test_loss_backward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    g["dprobs"] = g["dlogp"] / t["probs"]
+    g["dprobs"] = g["dlogp"] * t["probs"]
