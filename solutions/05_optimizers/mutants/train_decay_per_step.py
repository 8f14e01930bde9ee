# mutant: decays the rate once per mini-batch step instead of once per epoch
# replaces: train_mlp
# must lose: test_train_mlp
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-            idx = order[start:start + batch_size]
+            idx = order[start:start + batch_size]
+            lr = step_decay(epoch * (len(X) // batch_size) + start // batch_size, lr0, factor, every)
