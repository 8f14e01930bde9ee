# mutant: sums only the leading axes the operand lacks, not its size-1 axes (misses (B, 1) and (1, n) operands of a 3-D gradient)
# replaces: sum_to_shape
# must lose: test_sum_to_shape
# edit: the instructor's answer, each '-' block replaced by the '+' block after it
-    stretched = tuple(ax for ax, size in enumerate(shape) if size == 1 and out.shape[ax] != 1)
-    out = out.sum(axis=stretched, keepdims=True)
+    stretched = ()
