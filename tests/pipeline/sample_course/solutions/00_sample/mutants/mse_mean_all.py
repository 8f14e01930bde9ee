# mutant: np.mean over every element (also divides by the number of outputs)
# replaces: mse
# must lose: test_mse
def mse(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))
