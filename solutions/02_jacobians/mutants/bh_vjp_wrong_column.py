# mutant: VJP by hand: the second column of J instead of the first (v = (0, 1) used)
# replaces: softmax_vjp_by_hand
# must lose: test_softmax_vjp_by_hand
def vjp_by_hand():
    return np.array([-3/16, 3/16])
