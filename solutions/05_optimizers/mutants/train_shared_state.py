# mutant: one optimizer state shared by all parameters (velocities of different shapes get mixed)
# replaces: train_mlp
# must lose: test_train_mlp
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    params = net.parameters()
-    states = [None] * len(params)
+    params = net.parameters()
+    state = None
@@
-            for i, (p, g) in enumerate(zip(params, net.gradients())):
-                p_next, states[i] = update(p, g, states[i], lr=lr, **hyper)
+            for p, g in zip(net.parameters(), net.gradients()):
+                p_next, state = update(p, g, state, lr=lr, **hyper)
