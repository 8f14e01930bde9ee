# mutant: records the summed loss of each batch instead of its batch mean (the stated reduction)
# replaces: train_mlp
# must lose: test_train_mlp
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-            losses.append(loss)
+            losses.append(loss * len(idx))
