# mutant: the same code for every wrong gradient
# replaces: planted_bugs
# must lose: test_planted_bugs
def planted_bugs():
    return [1, 1, 0, 1, 1, 0]
