# mutant: dz/dh returned as W^T (denominator layout)
# replaces: affine_jacobians
# must lose: test_affine_jacobians
def affine_jacobians(W, b):
    return W.T.copy(), np.eye(W.shape[0], dtype=W.dtype)
