# mutant: resets every optimizer state at the start of each epoch (momentum restarts from zero)
# replaces: train_mlp
# must lose: test_train_mlp
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-        lr = step_decay(epoch, lr0, factor, every)
+        lr = step_decay(epoch, lr0, factor, every)
+        states = [None] * len(params)
