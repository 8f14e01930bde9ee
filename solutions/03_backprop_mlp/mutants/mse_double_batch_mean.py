# mutant: batch mean applied twice in the gradient
# replaces: mse_loss
# must lose: test_mse_loss
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    dY_hat = 2 * diff / B
+    dY_hat = 2 * diff / B / B
