# mutant: factor 2 of the derivative of a square forgotten
# replaces: mse_loss
# must lose: test_mse_loss
def mse_loss(Y_hat, Y):
    B = Y_hat.shape[0]
    diff = Y_hat - Y
    loss = np.sum(diff ** 2) / B
    dY_hat = diff / B
    return loss, dY_hat
