# mutant: an extra factor 1/2, then also the wrong relu (two cells replaced)
# replaces: mse relu
# must lose: test_mse test_relu
def mse(Y_hat, Y):
    return float(0.5 * np.sum((Y_hat - Y) ** 2) / Y.shape[0])

def relu(Z):
    return np.abs(Z)
