# mutant: W = W - lr * dW rebinds a local name: the network's arrays never change
# replaces: train_mlp
# must lose: test_train_mlp
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-                W -= lr * dW
-                b -= lr * db
+                W = W - lr * dW
+                b = b - lr * db
