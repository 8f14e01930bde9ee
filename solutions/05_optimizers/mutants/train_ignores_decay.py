# mutant: ignores the step decay: every epoch uses lr0 (a final MSE of 0.037 passes the 0.06 threshold)
# replaces: train_mlp
# must lose: test_train_mlp
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-        lr = step_decay(epoch, lr0, factor, every)
+        lr = lr0
