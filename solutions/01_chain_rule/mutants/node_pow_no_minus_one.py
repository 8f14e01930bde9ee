# mutant: d(a^p)/da = p a^p (exponent not reduced)
# replaces: node_class
# must lose: test_node_ops
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-        return Node(self.data ** p, (self,), (p * self.data ** (p - 1),), f"**{p}")
+        return Node(self.data ** p, (self,), (p * self.data ** p,), f"**{p}")
