# mutant: per-row dot product without keepdims: broadcasts along the wrong axis
# replaces: softmax_vjp
# must lose: test_softmax_vjp
def softmax_vjp(Z, V):
    P = softmax(Z)
    return P * (V - np.sum(P * V, axis=1))
