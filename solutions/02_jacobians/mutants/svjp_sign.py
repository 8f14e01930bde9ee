# mutant: P * (p . v - V): sign flipped
# replaces: softmax_vjp
# must lose: test_softmax_vjp
def softmax_vjp(Z, V):
    P = softmax(Z)
    return P * (np.sum(P * V, axis=1, keepdims=True) - V)
