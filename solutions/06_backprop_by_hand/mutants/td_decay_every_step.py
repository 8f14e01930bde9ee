# mutant: the schedule counts mini-batch steps instead of epochs: the learning rate collapses within the first epoch
# replaces: train_digits
# must lose: test_train_digits
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-        lr = step_decay(epoch, lr0)
-        history["lr"].append(lr)
+        history["lr"].append(step_decay(len(history["loss"]), lr0))
@@
-            grads = mlp_backward(dlogits, params, cache)
+            grads = mlp_backward(dlogits, params, cache)
+            lr = step_decay(len(history["loss"]), lr0)
