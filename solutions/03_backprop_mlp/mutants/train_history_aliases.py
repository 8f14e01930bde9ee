# mutant: history holds the live arrays, not copies: every entry ends up equal to the final parameters
# replaces: train_mlp
# must lose: test_train_mlp
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-        history.append([(W.copy(), b.copy()) for W, b in params])
+        history.append(params)
