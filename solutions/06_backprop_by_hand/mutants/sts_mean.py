# mutant: a mean over the broadcast axes instead of a sum
# replaces: sum_to_shape
# must lose: test_sum_to_shape
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    out = G.sum(axis=tuple(range(lead)))
+    out = G.mean(axis=tuple(range(lead)))
@@
-    out = out.sum(axis=stretched, keepdims=True)
+    out = out.mean(axis=stretched, keepdims=True)
