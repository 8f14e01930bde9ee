# mutant: dz/db as a vector of ones (the diagonal only), not an (n_out, n_out) matrix
# replaces: affine_jacobians
# must lose: test_affine_jacobians
def affine_jacobians(W, b):
    return W.copy(), np.ones_like(b)
