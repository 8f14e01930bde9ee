# mutant: leaky ReLU instead of ReLU (negative inputs scaled by 0.01, not zeroed)
# replaces: relu
# must lose: test_relu
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return np.maximum(Z, 0).astype(np.asarray(Z).dtype)
+    return np.where(Z > 0, Z, 0.01 * Z)
