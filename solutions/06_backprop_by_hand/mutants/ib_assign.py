# mutant: dA[rows, cols] = dOut: an overwrite instead of a scatter-add
# replaces: index_backward
# must lose: test_index_backward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    np.add.at(dA, (rows, cols), dOut)
+    dA[rows, cols] = dOut
