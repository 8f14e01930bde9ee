# mutant: W = W - lr * dW rebinds a local name: the network's arrays never change
# replaces: train_mlp
# must lose: test_train_mlp
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    """Mini-batch SGD on the MSE loss.
-
-    X: (N, sizes[0]), Y: (N, sizes[-1])
-    Returns params [(W1, b1), ...] after training and losses, the list of every mini-batch loss.
-    """
@@
-                W -= lr * dW
-                b -= lr * db
+                W = W - lr * dW
+                b = b - lr * db
