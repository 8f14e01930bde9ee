# mutant: the mean of the relative errors over the entries instead of the largest one
# replaces: find_wrong_gradients
# must lose: test_find_wrong_gradients
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-        error = np.max(np.abs(a - numeric) / np.maximum(1e-8, np.abs(a) + np.abs(numeric)))
+        error = np.mean(np.abs(a - numeric) / np.maximum(1e-8, np.abs(a) + np.abs(numeric)))
