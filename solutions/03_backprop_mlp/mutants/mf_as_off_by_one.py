# mutant: As holds each layer's output a^1..a^L instead of its input a^0..a^(L-1)
# replaces: mlp_forward
# must lose: test_mlp_forward
def mlp_forward(X, params, activation="tanh"):
    As, Zs = [], []
    A = X
    for l, (W, b) in enumerate(params):
        Z = A @ W.T + b
        Zs.append(Z)
        A = Z if l == len(params) - 1 else G[activation](Z)
        As.append(A)
    return A, (As, Zs)
