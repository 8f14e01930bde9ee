# mutant: delta * h: elementwise product instead of the outer product
# replaces: linear_grads_single
# must lose: test_linear_grads_single
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return np.outer(delta, h), delta.copy()
+    return delta * h, delta.copy()
