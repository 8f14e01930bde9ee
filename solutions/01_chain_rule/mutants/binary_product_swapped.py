# mutant: d(ab)/da = a and d(ab)/db = b (partials swapped)
# replaces: binary_derivatives
# must lose: test_binary_derivatives
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return b.copy(), a.copy()
+    return a.copy(), b.copy()
