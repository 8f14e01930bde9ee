# mutant: weights initialized at zero: no gradient reaches the hidden layer and it never learns
# replaces: train_digits
# must lose: test_train_digits
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    params = [(make_W((n_out, n_in), rng), np.zeros(n_out)) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
+    params = [(np.zeros((n_out, n_in)), np.zeros(n_out)) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
