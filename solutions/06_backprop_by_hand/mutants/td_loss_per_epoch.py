# mutant: records one loss per epoch (the last mini-batch's) instead of one per step
# replaces: train_digits
# must lose: test_train_digits
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-            history["loss"].append(loss)
-            history["update_ratio"].append(ratios)
+            history["update_ratio"].append(ratios)
+        history["loss"].append(loss)
