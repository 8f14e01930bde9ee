# mutant: sign error: gradient 2 (Y - Y_hat) / B
# replaces: mse_loss
# must lose: test_mse_loss
def mse_loss(Y_hat, Y):
    B = Y_hat.shape[0]
    diff = Y_hat - Y
    loss = np.sum(diff ** 2) / B
    dY_hat = 2 * (Y - Y_hat) / B
    return loss, dY_hat
