# mutant: column-vector layout in code: Z = W @ A.T + b[:, None], shape (n_out, B)
# replaces: linear_forward
# must lose: test_linear_forward
def linear_forward(A, W, b):
    Z = W @ A.T + b[:, None]
    return Z, (A, W)
