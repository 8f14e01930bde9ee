# mutant: dL/dz = (p - y) p (1 - p): the sigmoid derivative applied on top of p - y
# replaces: logistic_regression
# must lose: test_logistic_regression
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    dz = p - y                 # dL/dp * sigmoid'(z) = (p - y) / (p (1 - p)) * p (1 - p)
+    dz = (p - y) * p * (1 - p)                 # dL/dp * sigmoid'(z) = (p - y) / (p (1 - p)) * p (1 - p)
