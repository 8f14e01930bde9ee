# mutant: eps added outside the square root, 1 / (std + eps)
# replaces: batchnorm
# must lose: test_batchnorm
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    inv_std = 1.0 / np.sqrt(var + eps)
+    inv_std = 1.0 / (np.sqrt(var) + eps)
