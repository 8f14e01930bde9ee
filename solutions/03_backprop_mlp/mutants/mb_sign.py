# mutant: sign error in the recursion
# replaces: mlp_backward
# must lose: test_mlp_backward
def mlp_backward(dOut, params, cache, activation="tanh"):
    As, Zs = cache
    grads = [None] * len(params)
    dZ = dOut
    for l in reversed(range(len(params))):
        W, b = params[l]
        grads[l] = (dZ.T @ As[l], dZ.sum(axis=0))
        if l > 0:
            dZ = -(dZ @ W) * G_PRIME[activation](Zs[l - 1])
    return grads
