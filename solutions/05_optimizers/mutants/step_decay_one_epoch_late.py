# mutant: epochs counted from 1 ((epoch - 1) // every: the first drop comes one epoch late)
# replaces: step_decay
# must lose: test_step_decay
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return lr0 * factor ** (epoch // every)
+    return lr0 * factor ** (max(epoch - 1, 0) // every)
