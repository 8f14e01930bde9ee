# mutant: stores the activation a^l in Zs instead of the pre-activation z^l
# replaces: mlp_forward
# must lose: test_mlp_forward
def mlp_forward(X, params, activation="tanh"):
    As, Zs = [], []
    A = X
    for l, (W, b) in enumerate(params):
        As.append(A)
        Z = A @ W.T + b
        A = Z if l == len(params) - 1 else G[activation](Z)
        Zs.append(A)
    return A, (As, Zs)
