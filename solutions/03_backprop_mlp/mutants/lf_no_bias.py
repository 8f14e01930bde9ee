# mutant: the bias is forgotten: Z = A @ W.T
# replaces: linear_forward
# must lose: test_linear_forward
def linear_forward(A, W, b):
    Z = A @ W.T
    return Z, (A, W)
