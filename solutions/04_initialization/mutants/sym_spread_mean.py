# mutant: the spread is the mean difference, not the largest
# replaces: symmetry
# must lose: test_symmetry
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    spread = float(np.max(np.abs(W1 - W1[0])))
+    spread = float(np.mean(np.abs(W1 - W1[0])))
@@
-    W1, b1, W2, b2 = (np.array(p, dtype=float) for p in (W1, b1, W2, b2))
+    W1, b1, W2, b2 = (np.array(p, dtype=float) for p in (W1, b1, W2, b2))
+    W1_start = W1.copy()
