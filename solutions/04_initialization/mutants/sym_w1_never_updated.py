# mutant: W1 is never updated (only b1, W2, b2 are)
# replaces: symmetry
# must lose: test_symmetry
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-        W1 -= lr * dW1
@@
-    W1, b1, W2, b2 = (np.array(p, dtype=float) for p in (W1, b1, W2, b2))
+    W1, b1, W2, b2 = (np.array(p, dtype=float) for p in (W1, b1, W2, b2))
+    W1_start = W1.copy()
