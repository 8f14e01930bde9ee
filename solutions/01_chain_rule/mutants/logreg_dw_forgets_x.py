# mutant: dL/dw = dL/dz for every weight (the factor x is forgotten)
# replaces: logistic_regression
# must lose: test_logistic_regression
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return loss, dz * x, dz
+    return loss, dz * np.ones_like(x), dz
