# mutant: matches the operand's axes to G's from the left, not from the right as broadcasting does
# replaces: sum_to_shape
# must lose: test_sum_to_shape
def sum_to_shape(G, shape):
    shape = tuple(shape)
    out = G
    stretched = tuple(ax for ax, size in enumerate(shape) if size == 1 and G.shape[ax] != 1)
    out = out.sum(axis=stretched, keepdims=True)
    out = out.sum(axis=tuple(range(len(shape), G.ndim)))
    return np.reshape(out, shape)
