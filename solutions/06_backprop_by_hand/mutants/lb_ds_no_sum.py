# mutant: ds not summed over the class axis s was broadcast along: shape (B, C) instead of (B, 1)
# replaces: loss_backward
# must lose: test_loss_backward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    g["ds"] = sum_to_shape(-g["dprobs"] * t["e"] / t["s"] ** 2, (B, 1))
+    g["ds"] = -g["dprobs"] * t["e"] / t["s"] ** 2
