# mutant: a schedule that decays one epoch early ((epoch + 1) // every: epoch 9 is already halved)
# replaces: step_decay
# must lose: test_step_decay
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return lr0 * factor ** (epoch // every)
+    return lr0 * factor ** ((epoch + 1) // every)
