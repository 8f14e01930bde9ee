# mutant: the dot product p . v summed over the batch axis (axis=0) instead of per row
# replaces: softmax_vjp
# must lose: test_softmax_vjp
def softmax_vjp(Z, V):
    P = softmax(Z)
    return P * (V - np.sum(P * V, axis=0, keepdims=True))
