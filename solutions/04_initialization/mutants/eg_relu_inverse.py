# mutant: ReLU gain 1/sqrt(2): the halving compensated the wrong way
# replaces: explorer_gains
# must lose: test_explorer_gains
def stable_gains():
    return 1.0, 1 / np.sqrt(2), 6.25, 3.125
