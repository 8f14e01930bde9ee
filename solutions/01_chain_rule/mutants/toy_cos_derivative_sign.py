# mutant: d cos(f2)/d f2 taken as +sin(f2)
# replaces: toy_backward
# must lose: test_toy_backward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    g["f2"] = g["h3"] * (-math.sin(cache["f2"]))
+    g["f2"] = g["h3"] * math.sin(cache["f2"])
