# mutant: the bias broadcast down the batch axis (b[:B, None]) whenever the batch is not larger than n_out
# replaces: affine
# must lose: test_affine
def affine(A, W, b):
    Z = A @ W.T
    return Z + b[: Z.shape[0], None] if Z.shape[0] <= b.shape[0] else Z + b
