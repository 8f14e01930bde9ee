# mutant: recursion uses W^(l-1) instead of W^l
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
            dZ = (dZ @ params[l - 1][0]) * G_PRIME[activation](Zs[l - 1])
    return grads
