# mutant: the factor 2 is missing (LeCun's variance)
# replaces: he
# must lose: test_he
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    var = gain**2 * 2.0 / _fan(shape, mode)
+    var = gain**2 * 1.0 / _fan(shape, mode)
@@
-    limit = np.sqrt(3.0 * gain**2 * 2.0 / _fan(shape, mode))
+    var = gain**2 * 1.0 / _fan(shape, mode)
+    limit = np.sqrt(3.0 * var)
@@
-    if mode == "average":
-        return (n_in + n_out) / 2
-    raise ValueError(f"unknown mode {mode!r}; use 'fan_in', 'fan_out' or 'average'")
+    return (n_in + n_out) / 2
