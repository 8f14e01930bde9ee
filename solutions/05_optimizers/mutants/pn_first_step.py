# mutant: Nesterov's first step (1 + beta) eta g taken as the whole story: 2 / ((1 + beta) lambda_max)
# replaces: playground_nesterov
# must lose: test_playground_nesterov
def nesterov_bound():
    return 2 / (1.9 * 20.0)
