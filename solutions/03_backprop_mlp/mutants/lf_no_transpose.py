# mutant: Z = A @ W + b: W used without the transpose
# replaces: linear_forward
# must lose: test_linear_forward
def linear_forward(A, W, b):
    Z = A @ W + b
    return Z, (A, W)
