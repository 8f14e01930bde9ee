# mutant: leaky ReLU instead of ReLU (negative inputs scaled by 0.01, not zeroed)
# replaces: relu
# must lose: test_relu
def relu(Z):
    return np.where(Z > 0, Z, 0.01 * Z)
