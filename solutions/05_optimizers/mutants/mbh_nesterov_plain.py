# mutant: Nesterov computed as plain momentum
# replaces: momentum_by_hand
# must lose: test_momentum_by_hand
def momentum_by_hand():
    return (-1.0, -2.5, -4.25), (-1.0, -2.5, -4.25)
