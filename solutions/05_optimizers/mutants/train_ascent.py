# mutant: the gradient's sign is flipped before the update (gradient ascent on the loss)
# replaces: train_mlp
# must lose: test_train_mlp
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    """Mini-batch training of MLP([1, 32, 32, 1]) on the batch-mean squared error.
-    X: (N, 1), Y: (N, 1). update(w, dw, state, lr=..., **hyper) -> (w_next, state).
-    Returns (net, losses) with losses a list of `epochs` floats (mean mini-batch loss per epoch)."""
@@
-            net.backward(dY)
+            net.backward(-dY)
