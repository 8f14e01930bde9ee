# mutant: always sums over axis 0 (the bias rule), whatever the operand's shape
# replaces: sum_to_shape
# must lose: test_sum_to_shape
def sum_to_shape(G, shape):
    shape = tuple(shape)
    out = G.sum(axis=0) if G.shape != shape else G
    return np.reshape(out, shape)
