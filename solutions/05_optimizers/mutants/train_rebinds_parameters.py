# mutant: the update rebinds a name (p = p_next) instead of writing into the parameter, so the network never changes
# replaces: train_mlp
# must lose: test_train_mlp
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    """Mini-batch training of MLP([1, 32, 32, 1]) on the batch-mean squared error.
-    X: (N, 1), Y: (N, 1). update(w, dw, state, lr=..., **hyper) -> (w_next, state).
-    Returns (net, losses) with losses a list of `epochs` floats (mean mini-batch loss per epoch)."""
@@
-                p_next, states[i] = update(p, g, states[i], lr=lr, **hyper)
-                p[...] = p_next
+                p, states[i] = update(p, g, states[i], lr=lr, **hyper)
