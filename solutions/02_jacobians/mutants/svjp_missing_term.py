# mutant: P * V: the outer-product part of the Jacobian is missing
# replaces: softmax_vjp
# must lose: test_softmax_vjp
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    P = softmax(Z)
-    return P * (V - np.sum(P * V, axis=1, keepdims=True))
+    return softmax(Z) * V
