# mutant: walks the topological order forwards (leaves first) instead of reversed
# replaces: node_backward
# must lose: test_node_backward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    for node in reversed(order):
+    for node in order:
