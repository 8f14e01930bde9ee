# mutant: d tanh(a)/da recorded as 1 - tanh(a)
# replaces: node_class
# must lose: test_node_ops
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-        return Node(t, (self,), (1.0 - t * t,), "tanh")
+        return Node(t, (self,), (1.0 - t,), "tanh")
