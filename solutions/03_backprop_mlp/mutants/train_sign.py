# mutant: gradient ascent: W += lr * dW
# replaces: train_mlp
# must lose: test_train_mlp
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-                W -= lr * dW
-                b -= lr * db
+                W += lr * dW
+                b += lr * db
