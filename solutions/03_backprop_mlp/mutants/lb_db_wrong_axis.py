# mutant: db summed over the wrong axis (axis=1, over the outputs)
# replaces: linear_backward
# must lose: test_linear_backward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    db = dZ.sum(axis=0)
+    db = dZ.sum(axis=1)
