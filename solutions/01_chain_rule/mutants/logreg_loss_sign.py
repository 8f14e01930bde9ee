# mutant: loss = y log p + (1 - y) log(1 - p): the minus sign of the cross-entropy is missing
# replaces: logistic_regression
# must lose: test_logistic_regression
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    loss = -(y * math.log(p) + (1 - y) * math.log(1 - p))
+    loss = y * math.log(p) + (1 - y) * math.log(1 - p)
