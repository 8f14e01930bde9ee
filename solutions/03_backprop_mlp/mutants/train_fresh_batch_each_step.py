# mutant: draws a fresh random batch at every step instead of one permutation per epoch
# replaces: train_mlp
# must lose: test_train_mlp
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-            idx = order[start:start + batch_size]
+            idx = rng.permutation(N)[:batch_size]
