# mutant: grads are not reset, so a second backward() doubles them
# replaces: node_backward
# must lose: test_node_backward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    for node in order:
-        node.grad = 0.0
