# mutant: limit 2 / ((1 - beta) lambda_max): the steady factor applied to the bound
# replaces: playground_momentum
# must lose: test_playground_momentum
def momentum_answers():
    return 10.0, 2 / (0.1 * 20.0)
