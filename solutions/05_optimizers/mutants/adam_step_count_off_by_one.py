# mutant: bias correction with the step count off by one (t starts at 1 and is incremented first, so the first step uses t = 2)
# replaces: adam_update
# must lose: test_adam_update
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-        m, v, t = np.zeros_like(w), np.zeros_like(w), 0
+        m, v, t = np.zeros_like(w), np.zeros_like(w), 1
