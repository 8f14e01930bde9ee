# mutant: d sin(a)/da recorded as -cos(a)
# replaces: node_class
# must lose: test_node_ops
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-        return Node(math.sin(self.data), (self,), (math.cos(self.data),), "sin")
+        return Node(math.sin(self.data), (self,), (-math.cos(self.data),), "sin")
