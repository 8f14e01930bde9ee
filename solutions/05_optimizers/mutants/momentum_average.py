# mutant: the velocity is an average v = beta v + (1 - beta) dw (the convention is a sum)
# replaces: momentum_update
# must lose: test_momentum_update
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    v = beta * v_prev + dw
+    v = beta * v_prev + (1 - beta) * dw
