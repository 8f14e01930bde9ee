# mutant: correct except for a batch of one (squeezes the batch axis away): only hidden cases catch it
# replaces: affine
# must lose: test_affine
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return A @ W.T + b
+    return np.squeeze(A @ W.T + b, axis=0) if A.shape[0] == 1 else A @ W.T + b
