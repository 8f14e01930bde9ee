# mutant: batch mean applied twice in the gradient
# replaces: mse_loss
# must lose: test_mse_loss
def mse_loss(Y_hat, Y):
    B = Y_hat.shape[0]
    diff = Y_hat - Y
    loss = np.sum(diff ** 2) / B
    dY_hat = 2 * diff / B / B
    return loss, dY_hat
