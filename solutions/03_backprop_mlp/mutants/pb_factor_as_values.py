# mutant: dW3's constant factor classified as entry-by-entry
# replaces: planted_bugs
# must lose: test_planted_bugs
def planted_bugs():
    return [3, 3, 0, 2, 3, 0]
