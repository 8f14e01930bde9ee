# mutant: identity of size n_in for dz/db
# replaces: affine_jacobians
# must lose: test_affine_jacobians
def affine_jacobians(W, b):
    return W.copy(), np.eye(W.shape[1], dtype=W.dtype)
