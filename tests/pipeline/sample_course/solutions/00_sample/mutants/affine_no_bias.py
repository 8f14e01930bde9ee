# mutant: the bias is forgotten
# replaces: affine
# must lose: test_affine
def affine(A, W, b):
    return A @ W.T
