# mutant: own softmax exp(z) / sum exp(z) without subtracting the maximum: overflows on large logits
# replaces: softmax_jacobian
# must lose: test_softmax_jacobian
def softmax_jacobian(z):
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(z)
        p = e / e.sum()
    return np.diag(p) - np.outer(p, p)
