# mutant: the central difference divided by h instead of 2h
# replaces: find_wrong_gradients
# must lose: test_find_wrong_gradients
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-            numeric[i] = (up - down) / (2 * h)
+            numeric[i] = (up - down) / h
