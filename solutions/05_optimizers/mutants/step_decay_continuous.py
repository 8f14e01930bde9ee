# mutant: a smooth exponential decay lr0 * factor ** (epoch / every) instead of steps
# replaces: step_decay
# must lose: test_step_decay
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return lr0 * factor ** (epoch // every)
+    return lr0 * factor ** (epoch / every)
