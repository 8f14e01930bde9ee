# mutant: records the scheduled rate but updates with lr0 (the history looks right, the steps are not)
# replaces: train_mlp
# must lose: test_train_mlp
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-                p_next, states[i] = update(p, g, states[i], lr=lr, **hyper)
+                p_next, states[i] = update(p, g, states[i], lr=lr0, **hyper)
