# mutant: dL/df3 = 2 (y - f3): the sign of the loss derivative is flipped
# replaces: toy_backward
# must lose: test_toy_backward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    g["f3"] = 2.0 * (cache["f3"] - y)
+    g["f3"] = 2.0 * (y - cache["f3"])
