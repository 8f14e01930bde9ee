# mutant: trains only the last layer (its MSE, 0.030 at seed 0, is below the 0.05 target)
# replaces: train_mlp
# must lose: test_train_mlp
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-            for (W, b), (dW, db) in zip(params, grads):
+            for (W, b), (dW, db) in list(zip(params, grads))[-1:]:
