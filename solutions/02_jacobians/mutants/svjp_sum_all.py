# mutant: sums P * V over the whole batch at once
# replaces: softmax_vjp
# must lose: test_softmax_vjp
def softmax_vjp(Z, V):
    P = softmax(Z)
    return P * (V - np.sum(P * V))
