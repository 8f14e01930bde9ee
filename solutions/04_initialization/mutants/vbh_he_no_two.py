# mutant: He taken as 1/fan (LeCun), forgetting ReLU's factor 2
# replaces: variances_by_hand
# must lose: test_variances_by_hand
def variances_by_hand():
    return 1 / 256, 2 / 768, 1 / 256, 1 / 512, 2 * np.sqrt(6 / 768)
