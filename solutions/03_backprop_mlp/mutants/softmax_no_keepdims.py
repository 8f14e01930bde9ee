# mutant: row maximum without keepdims: broadcasts against the wrong axis
# replaces: softmax
# must lose: test_softmax
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    E = np.exp(Z - Z.max(axis=1, keepdims=True))
-    P = E / E.sum(axis=1, keepdims=True)
-    return P
+    E = np.exp(Z - Z.max(axis=1))
+    return E / E.sum(axis=1, keepdims=True)
