# mutant: root.grad is never set to 1
# replaces: node_backward
# must lose: test_node_backward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    root.grad = 1.0
