# mutant: the width-1024 gain left at the width-256 value
# replaces: explorer_gains
# must lose: test_explorer_gains
def stable_gains():
    return 1.0, np.sqrt(2), 6.25, 6.25
