# mutant: gains squared (the gain scales the std, not the variance)
# replaces: explorer_gains
# must lose: test_explorer_gains
def stable_gains():
    return 1.0, 2.0, 1 / (0.01 ** 2 * 256), 1 / (0.01 ** 2 * 1024)
