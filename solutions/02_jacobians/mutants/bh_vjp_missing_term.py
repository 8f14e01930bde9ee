# mutant: VJP by hand: p * v, the -p (p . v) term missing
# replaces: softmax_vjp_by_hand
# must lose: test_softmax_vjp_by_hand
def vjp_by_hand():
    return np.array([1/4, 0])
