# mutant: d log(a)/da recorded as log(a)
# replaces: node_class
# must lose: test_node_ops
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-        return Node(math.log(self.data), (self,), (1.0 / self.data,), "log")
+        return Node(math.log(self.data), (self,), (math.log(self.data),), "log")
