# mutant: 2/lambda_min: the flat direction
# replaces: playground_gd
# must lose: test_playground_gd
def divergence_lr():
    return 2 / 0.5
