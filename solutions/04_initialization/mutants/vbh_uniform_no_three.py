# mutant: Xavier uniform limit without the square root of 3 Var
# replaces: variances_by_hand
# must lose: test_variances_by_hand
def variances_by_hand():
    return 1 / 256, 2 / 768, 2 / 256, 2 / 512, 2 * np.sqrt(2 / 768)
