# mutant: applies the activation to the output layer too
# replaces: mlp_forward
# must lose: test_mlp_forward
def mlp_forward(X, params, activation="tanh"):
    As, Zs = [], []
    A = X
    for W, b in params:
        As.append(A)
        Z = A @ W.T + b
        Zs.append(Z)
        A = G[activation](Z)
    return A, (As, Zs)
