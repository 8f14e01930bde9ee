# mutant: per-row dot product without keepdims: broadcasts along the wrong axis
# replaces: softmax_vjp
# must lose: test_softmax_vjp
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return P * (V - np.sum(P * V, axis=1, keepdims=True))
+    return P * (V - np.sum(P * V, axis=1))
