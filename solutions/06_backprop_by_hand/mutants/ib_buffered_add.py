# mutant: dA[rows, cols] += dOut: a buffered write, so a repeated index keeps only its last gradient
# replaces: index_backward
# must lose: test_index_backward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    np.add.at(dA, (rows, cols), dOut)
+    dA[rows, cols] += dOut
