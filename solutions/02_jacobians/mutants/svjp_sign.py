# mutant: P * (p . v - V): sign flipped
# replaces: softmax_vjp
# must lose: test_softmax_vjp
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return P * (V - np.sum(P * V, axis=1, keepdims=True))
+    return P * (np.sum(P * V, axis=1, keepdims=True) - V)
