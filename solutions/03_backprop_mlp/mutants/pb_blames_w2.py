# mutant: blames W2 for the sign error of db2
# replaces: planted_bugs
# must lose: test_planted_bugs
def planted_bugs():
    return [3, 3, 3, 2, 1, 0]
