# mutant: the update rebinds a name (p = p_next) instead of writing into the parameter, so the network never changes
# replaces: train_mlp
# must lose: test_train_mlp
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-                p_next, states[i] = update(p, g, states[i], lr=lr, **hyper)
-                p[...] = p_next
+                p, states[i] = update(p, g, states[i], lr=lr, **hyper)
