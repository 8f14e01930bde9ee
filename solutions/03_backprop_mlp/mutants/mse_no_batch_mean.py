# mutant: batch mean forgotten: loss and gradient summed over the batch
# replaces: mse_loss
# must lose: test_mse_loss
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    loss = np.sum(diff ** 2) / B
-    dY_hat = 2 * diff / B
+    loss = np.sum(diff ** 2)
+    dY_hat = 2 * diff
