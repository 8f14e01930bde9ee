# mutant: child.grad = ... instead of +=: a node used twice keeps only one contribution
# replaces: node_backward
# must lose: test_node_backward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-            child.grad += local * node.grad
+            child.grad = local * node.grad
