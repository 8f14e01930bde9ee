# mutant: epoch % every instead of epoch // every (the rate saws back up every period)
# replaces: step_decay
# must lose: test_step_decay
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return lr0 * factor ** (epoch // every)
+    return lr0 * factor ** (epoch % every)
