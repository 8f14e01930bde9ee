# mutant: dL/df3 = f3 - y: the factor 2 from the square is missing
# replaces: toy_backward
# must lose: test_toy_backward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    g["f3"] = 2.0 * (cache["f3"] - y)
+    g["f3"] = cache["f3"] - y
