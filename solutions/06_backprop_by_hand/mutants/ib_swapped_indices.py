# mutant: rows and cols swapped in the scatter
# replaces: index_backward
# must lose: test_index_backward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    np.add.at(dA, (rows, cols), dOut)
+    np.add.at(dA.T, (rows, cols), dOut)
