# mutant: each entry is left at old - h after its difference: the loss drifts for the next entries
# replaces: find_wrong_gradients
# must lose: test_find_wrong_gradients
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-            p[i] = old
-            numeric[i] = (up - down) / (2 * h)
+            numeric[i] = (up - down) / (2 * h)
