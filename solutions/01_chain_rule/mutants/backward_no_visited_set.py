# mutant: depth-first search without a record of visited nodes: a node reached along two paths is listed twice and passes its gradient on twice
# replaces: node_backward
# must lose: test_node_backward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    order, done = [], set()
+    order = []
@@
-        if id(node) in done:
-            continue
@@
-            done.add(id(node))
@@
-            if id(child) not in done:
-                stack.append((child, False))
+            stack.append((child, False))
