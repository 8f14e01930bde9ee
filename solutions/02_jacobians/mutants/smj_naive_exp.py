# mutant: own softmax exp(z) / sum exp(z) without subtracting the maximum: overflows on large logits
# replaces: softmax_jacobian
# must lose: test_softmax_jacobian
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    p = softmax(z)
+    with np.errstate(over="ignore", invalid="ignore"):
+        e = np.exp(z)
+        p = e / e.sum()
