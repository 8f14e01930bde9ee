# mutant: net.backward is never called, so every update uses the initial (zero) gradients
# replaces: train_mlp
# must lose: test_train_mlp
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-            net.backward(dY)
