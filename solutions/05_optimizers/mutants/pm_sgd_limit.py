# mutant: momentum's limit taken as SGD's
# replaces: playground_momentum
# must lose: test_playground_momentum
def momentum_answers():
    return 10.0, 2 / 20.0
