# mutant: runs a single epoch whatever `epochs` says
# replaces: train_mlp
# must lose: test_train_mlp
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    for epoch in range(epochs):
+    for epoch in range(1):
