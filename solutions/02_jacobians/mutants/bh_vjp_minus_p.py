# mutant: VJP by hand: p (v - p) instead of p (v - p . v)
# replaces: softmax_vjp_by_hand
# must lose: test_softmax_vjp_by_hand
def vjp_by_hand():
    return np.array([1/4 * (1 - 1/4), 3/4 * (0 - 3/4)])
