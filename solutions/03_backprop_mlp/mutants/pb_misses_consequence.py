# mutant: only the parameters with a visible bug line (W1 and b1 missed: the dZ1 bug reaches them)
# replaces: planted_bugs
# must lose: test_planted_bugs
def planted_bugs():
    return [0, 0, 0, 2, 1, 0]
