# mutant: batch mean forgotten: loss and gradient summed over the batch
# replaces: mse_loss
# must lose: test_mse_loss
def mse_loss(Y_hat, Y):
    B = Y_hat.shape[0]
    diff = Y_hat - Y
    loss = np.sum(diff ** 2)
    dY_hat = 2 * diff
    return loss, dY_hat
