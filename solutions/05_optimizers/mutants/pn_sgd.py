# mutant: Nesterov given SGD's limit
# replaces: playground_nesterov
# must lose: test_playground_nesterov
def nesterov_bound():
    return 2 / 20.0
