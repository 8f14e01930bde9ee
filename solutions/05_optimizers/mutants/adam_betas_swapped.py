# mutant: Adam with beta1 and beta2 swapped between the two running means
# replaces: adam_update
# must lose: test_adam_update
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    m = beta1 * m + (1 - beta1) * dw
-    v = beta2 * v + (1 - beta2) * dw**2
-    m_hat = m / (1 - beta1**t)
-    v_hat = v / (1 - beta2**t)
+    m = beta2 * m + (1 - beta2) * dw
+    v = beta1 * v + (1 - beta1) * dw**2
+    m_hat = m / (1 - beta2**t)
+    v_hat = v / (1 - beta1**t)
