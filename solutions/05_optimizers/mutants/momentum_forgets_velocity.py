# mutant: momentum that forgets the previous velocity (v = dw), i.e. plain SGD
# replaces: momentum_update
# must lose: test_momentum_update
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    v_prev = np.zeros_like(w) if state is None else state["v"]
-    v = beta * v_prev + dw
+    v = dw
