# mutant: __mul__ records (self.data, other.data): local derivatives swapped
# replaces: node_class
# must lose: test_node_ops
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-        return Node(self.data * other.data, (self, other), (other.data, self.data), "*")
+        return Node(self.data * other.data, (self, other), (self.data, other.data), "*")
