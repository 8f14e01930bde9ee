# mutant: delta @ h.T for 1-D arrays: .T does nothing, so this is a dot product (or a shape error), not delta h^T
# replaces: linear_grads_single
# must lose: test_linear_grads_single
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return np.outer(delta, h), delta.copy()
+    return delta @ h.T, delta.copy()
