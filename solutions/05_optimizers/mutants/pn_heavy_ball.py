# mutant: Nesterov given heavy-ball momentum's limit
# replaces: playground_nesterov
# must lose: test_playground_nesterov
def nesterov_bound():
    return 2 * 1.9 / 20.0
