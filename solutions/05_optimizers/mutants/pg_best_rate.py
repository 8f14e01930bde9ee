# mutant: the best single rate 2/(lambda_min + lambda_max)
# replaces: playground_gd
# must lose: test_playground_gd
def divergence_lr():
    return 2 / 20.5
