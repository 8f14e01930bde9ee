# mutant: dL/db = (p - y) * sum(x): the bias treated like a weight
# replaces: logistic_regression
# must lose: test_logistic_regression
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return loss, dz * x, dz
+    return loss, dz * x, dz * float(np.sum(x))
