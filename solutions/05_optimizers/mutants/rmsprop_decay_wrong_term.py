# mutant: RMSProp with the decay applied to the wrong term: s = (1 - rho) s + rho dw^2
# replaces: rmsprop_update
# must lose: test_rmsprop_update
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    s = rho * s_prev + (1 - rho) * dw**2
+    s = (1 - rho) * s_prev + rho * dw**2
