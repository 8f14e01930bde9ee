# mutant: repeated reads averaged instead of added
# replaces: index_backward
# must lose: test_index_backward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    np.add.at(dA, (rows, cols), dOut)
+    counts = np.zeros(shape)
+    np.add.at(dA, (rows, cols), dOut)
+    np.add.at(counts, (rows, cols), 1)
+    dA = dA / np.maximum(counts, 1)
