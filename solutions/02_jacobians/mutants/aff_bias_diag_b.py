# mutant: dz/db as diag(b): confuses the derivative with the value
# replaces: affine_jacobians
# must lose: test_affine_jacobians
def affine_jacobians(W, b):
    return W.copy(), np.diag(b)
