# mutant: Adam steps along the gradient (w + lr * ...): the loss climbs
# replaces: capstone_parts
# must lose: test_train_digits
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return w - lr * m_hat / (np.sqrt(v_hat) + eps), {"m": m, "v": v, "t": t}
+    return w + lr * m_hat / (np.sqrt(v_hat) + eps), {"m": m, "v": v, "t": t}
