# mutant: d exp(a)/da recorded as a
# replaces: node_class
# must lose: test_node_ops
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-        return Node(e, (self,), (e,), "exp")
+        return Node(e, (self,), (self.data,), "exp")
