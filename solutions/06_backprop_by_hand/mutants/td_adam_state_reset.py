# mutant: Adam's state is not kept: every step starts from state None (a sign-like step of size lr)
# replaces: train_digits
# must lose: test_train_digits
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-                W_next, states[l][0] = update(W, dW, states[l][0], lr)
-                b_next, states[l][1] = update(b, db, states[l][1], lr)
+                W_next, _ = update(W, dW, None, lr)
+                b_next, _ = update(b, db, None, lr)
