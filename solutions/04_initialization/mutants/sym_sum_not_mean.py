# mutant: the loss gradient is summed over the batch instead of averaged (dY times B)
# replaces: symmetry
# must lose: test_symmetry
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-        _, dY = mse_loss(Y_hat, Y)
+        _, dY = mse_loss(Y_hat, Y)
+        dY = dY * X.shape[0]
@@
-    W1, b1, W2, b2 = (np.array(p, dtype=float) for p in (W1, b1, W2, b2))
+    W1, b1, W2, b2 = (np.array(p, dtype=float) for p in (W1, b1, W2, b2))
+    W1_start = W1.copy()
