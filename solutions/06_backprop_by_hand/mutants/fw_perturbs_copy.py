# mutant: perturbs a copy of the parameter, which f never reads: every numerical gradient is 0
# replaces: find_wrong_gradients
# must lose: test_find_wrong_gradients
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-        numeric = np.zeros_like(p)
+        numeric = np.zeros_like(p)
+        p = p.copy()
