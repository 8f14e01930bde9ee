# mutant: the velocity forgets the past: every step is -lr g (SGD)
# replaces: momentum_by_hand
# must lose: test_momentum_by_hand
def momentum_by_hand():
    return (-1.0, -2.0, -3.0), (-1.5, -3.0, -4.5)
