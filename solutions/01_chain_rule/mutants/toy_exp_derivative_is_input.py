# mutant: d exp(f1)/d f1 taken as f1 instead of exp(f1)
# replaces: toy_backward
# must lose: test_toy_backward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    g["f1"] = g["h2"] * cache["h2"]              # d exp(f1) / d f1 = exp(f1) = h2
+    g["f1"] = g["h2"] * cache["f1"]              # d exp(f1) / d f1 = exp(f1) = h2
