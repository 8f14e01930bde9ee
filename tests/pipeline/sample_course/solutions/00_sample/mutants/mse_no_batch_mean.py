# mutant: sum over the batch instead of the mean
# replaces: mse
# must lose: test_mse
def mse(Y_hat, Y):
    return float(np.sum((Y_hat - Y) ** 2))
