# mutant: J by hand: p_i (1 - p_j) everywhere (the quotient rule applied as if the numerator always depended on z_j)
# replaces: softmax_jacobian_by_hand
# must lose: test_softmax_jacobian_by_hand
def J_by_hand():
    return np.array([[3/16, 1/16], [9/16, 3/16]])
