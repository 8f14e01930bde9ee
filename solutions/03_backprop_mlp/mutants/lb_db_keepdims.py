# mutant: db of the wrong shape: keepdims=True gives (1, n_out)
# replaces: linear_backward
# must lose: test_linear_backward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    db = dZ.sum(axis=0)
+    db = dZ.sum(axis=0, keepdims=True)
