# mutant: dpicked = -1 for every example: the 1/B of the batch mean forgotten
# replaces: loss_backward
# must lose: test_loss_backward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    g["dpicked"] = np.full(B, -1.0 / B)
+    g["dpicked"] = np.full(B, -1.0)
