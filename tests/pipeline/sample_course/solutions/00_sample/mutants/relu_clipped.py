# mutant: clips to [0, 1] (a "hard sigmoid") instead of max(0, z)
# replaces: relu
# must lose: test_relu
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return np.maximum(Z, 0).astype(np.asarray(Z).dtype)
+    return np.clip(Z, 0, 1)
