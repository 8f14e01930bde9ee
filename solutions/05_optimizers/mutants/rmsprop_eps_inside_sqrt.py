# mutant: RMSProp with eps inside the square root (the convention puts it outside)
# replaces: rmsprop_update
# must lose: test_rmsprop_update
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    return w - lr * dw / (np.sqrt(s) + eps), {"s": s}
+    return w - lr * dw / np.sqrt(s + eps), {"s": s}
