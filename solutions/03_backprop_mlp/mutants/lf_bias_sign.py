# mutant: sign error: the bias is subtracted
# replaces: linear_forward
# must lose: test_linear_forward
def linear_forward(A, W, b):
    Z = A @ W.T - b
    return Z, (A, W)
