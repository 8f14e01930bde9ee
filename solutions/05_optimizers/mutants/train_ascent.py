# mutant: the gradient's sign is flipped before the update (gradient ascent on the loss)
# replaces: train_mlp
# must lose: test_train_mlp
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-            net.backward(dY)
+            net.backward(-dY)
