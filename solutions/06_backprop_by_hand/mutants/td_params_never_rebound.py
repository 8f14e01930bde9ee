# mutant: the pure update's result is computed but params is never replaced: the network stays at its initialization
# replaces: train_digits
# must lose: test_train_digits
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-            params = new_params
+            new_params = params
