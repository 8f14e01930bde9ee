# mutant: mean over outputs too (np.mean): divides by B * k
# replaces: mse_loss
# must lose: test_mse_loss
def mse_loss(Y_hat, Y):
    B = Y_hat.shape[0]
    diff = Y_hat - Y
    loss = np.mean(diff ** 2)
    dY_hat = 2 * diff / diff.size
    return loss, dY_hat
