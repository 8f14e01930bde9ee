# mutant: subtracts one global maximum: rows far below it underflow to 0 / 0
# replaces: softmax
# must lose: test_softmax
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    E = np.exp(Z - Z.max(axis=1, keepdims=True))
-    P = E / E.sum(axis=1, keepdims=True)
-    return P
+    E = np.exp(Z - Z.max())
+    return E / E.sum(axis=1, keepdims=True)
