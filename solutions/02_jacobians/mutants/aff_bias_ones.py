# mutant: dz/db as a matrix of ones instead of the identity
# replaces: affine_jacobians
# must lose: test_affine_jacobians
def affine_jacobians(W, b):
    return W.copy(), np.ones((W.shape[0], W.shape[0]), dtype=W.dtype)
