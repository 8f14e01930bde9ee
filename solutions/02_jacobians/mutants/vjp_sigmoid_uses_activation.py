# mutant: uses Z as if it were the activation: V * Z * (1 - Z)
# replaces: affine_sigmoid_vjp
# must lose: test_affine_sigmoid_vjp
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    s = sigmoid(Z)
-    return V * s * (1 - s)
+    return V * Z * (1 - Z)
