# mutant: a recursive depth-first search: right on small graphs, RecursionError on deep chains
# replaces: node_backward
# must lose: test_node_backward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    stack = [(root, False)]
-    while stack:
-        node, expanded = stack.pop()
+    def visit(node):
@@
-            continue
-        if expanded:                      # all inputs were appended before we got here
-            done.add(id(node))
-            order.append(node)
-            continue
-        stack.append((node, True))
+            return
+        done.add(id(node))
@@
-            if id(child) not in done:
-                stack.append((child, False))
+            visit(child)
+        order.append(node)
+
+    visit(root)
