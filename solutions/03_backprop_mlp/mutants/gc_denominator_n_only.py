# mutant: relative error divided by |n| only
# replaces: gradient_check
# must lose: test_gradient_check
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-        rel = np.abs(a - n) / np.maximum(1e-8, np.abs(a) + np.abs(n))
-        errors.append(float(rel.max()))
+        errors.append(float(np.max(np.abs(a - n) / np.maximum(1e-8, np.abs(n)))))
