# mutant: dL/dw_k multiplies dL/df_k by the layer's output f_k instead of its input
# replaces: toy_backward
# must lose: test_toy_backward
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    inputs = [x, cache["h1"], cache["h2"], cache["h3"]]   # what each w_k multiplies
+    inputs = [cache["f0"], cache["f1"], cache["f2"], cache["f3"]]   # what each w_k multiplies
