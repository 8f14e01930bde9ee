# mutant: never shuffles: the batches are the same rows in the same order every epoch
# replaces: train_mlp
# must lose: test_train_mlp
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-        order = rng.permutation(N)
+        order = np.arange(N)
