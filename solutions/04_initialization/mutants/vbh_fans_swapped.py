# mutant: fans swapped (n_in read from shape[0])
# replaces: variances_by_hand
# must lose: test_variances_by_hand
def variances_by_hand():
    return 1 / 512, 2 / 768, 2 / 512, 2 / 256, 2 * np.sqrt(6 / 768)
