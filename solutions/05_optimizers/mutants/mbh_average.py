# mutant: velocity as an average, v = beta v + (1 - beta) g
# replaces: momentum_by_hand
# must lose: test_momentum_by_hand
def momentum_by_hand():
    return (-0.5, -1.25, -2.125), (-0.75, -1.75, -2.9375)
