# mutant: normalizes over axis 0 (the batch) instead of each row
# replaces: softmax
# must lose: test_softmax
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    E = np.exp(Z - Z.max(axis=1, keepdims=True))
-    P = E / E.sum(axis=1, keepdims=True)
-    return P
+    E = np.exp(Z - Z.max(axis=0, keepdims=True))
+    return E / E.sum(axis=0, keepdims=True)
