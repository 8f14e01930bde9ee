# mutant: one number for all parameters instead of one per parameter
# replaces: gradient_check
# must lose: test_gradient_check
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    errors = []
+    errors = []
+    worst = 0.0
@@
-        rel = np.abs(a - n) / np.maximum(1e-8, np.abs(a) + np.abs(n))
-        errors.append(float(rel.max()))
+        worst = max(worst, float(np.max(np.abs(a - n) / np.maximum(1e-8, np.abs(a) + np.abs(n)))))
+    errors.append(worst)
