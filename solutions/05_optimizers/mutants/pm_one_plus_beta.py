# mutant: steady factor 1 + beta
# replaces: playground_momentum
# must lose: test_playground_momentum
def momentum_answers():
    return 1.9, 2 * 1.9 / 20.0
