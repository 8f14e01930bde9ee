# mutant: dL/dh_k = dL/df_k: the weight w_k on the way back is forgotten
# replaces: toy_backward
# must lose: test_toy_backward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    g["h3"] = g["f3"] * w[3]
+    g["h3"] = g["f3"]
@@
-    g["h2"] = g["f2"] * w[2]
+    g["h2"] = g["f2"]
@@
-    g["h1"] = g["f1"] * w[1]
+    g["h1"] = g["f1"]
