# mutant: dL/dz = y - p (sign flipped)
# replaces: logistic_regression
# must lose: test_logistic_regression
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    dz = p - y                 # dL/dp * sigmoid'(z) = (p - y) / (p (1 - p)) * p (1 - p)
+    dz = y - p                 # dL/dp * sigmoid'(z) = (p - y) / (p (1 - p)) * p (1 - p)
