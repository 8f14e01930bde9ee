# mutant: the dot product p . v summed over the batch axis (axis=0) instead of per row
# replaces: softmax_vjp
# must lose: test_softmax_vjp
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return P * (V - np.sum(P * V, axis=1, keepdims=True))
+    return P * (V - np.sum(P * V, axis=0, keepdims=True))
