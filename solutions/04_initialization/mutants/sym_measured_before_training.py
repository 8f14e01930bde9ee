# mutant: the spread is measured on the initial W1
# replaces: symmetry
# must lose: test_symmetry
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    spread = float(np.max(np.abs(W1 - W1[0])))
+    spread = float(np.max(np.abs(W1_start - W1_start[0])))
@@
-    W1, b1, W2, b2 = (np.array(p, dtype=float) for p in (W1, b1, W2, b2))
+    W1, b1, W2, b2 = (np.array(p, dtype=float) for p in (W1, b1, W2, b2))
+    W1_start = W1.copy()
