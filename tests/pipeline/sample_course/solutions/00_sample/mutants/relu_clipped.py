# mutant: clips to [0, 1] (a "hard sigmoid") instead of max(0, z)
# replaces: relu
# must lose: test_relu
def relu(Z):
    return np.clip(Z, 0, 1)
