# mutant: runs a single epoch whatever `epochs` says
# replaces: train_mlp
# must lose: test_train_mlp
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    """Mini-batch SGD on the MSE loss.
-
-    X: (N, sizes[0]), Y: (N, sizes[-1])
-    Returns params [(W1, b1), ...] after training and losses, the list of every mini-batch loss.
-    """
@@
-    for epoch in range(epochs):
+    for epoch in range(1):
