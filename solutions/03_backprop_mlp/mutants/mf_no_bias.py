# mutant: forgets the biases
# replaces: mlp_forward
# must lose: test_mlp_forward
def mlp_forward(X, params, activation="tanh"):
    As, Zs = [], []
    A = X
    for l, (W, b) in enumerate(params):
        As.append(A)
        Z = A @ W.T
        Zs.append(Z)
        A = Z if l == len(params) - 1 else G[activation](Z)
    return A, (As, Zs)
