# mutant: 1/lambda_max: where the zig-zag starts
# replaces: playground_gd
# must lose: test_playground_gd
def divergence_lr():
    return 1 / 20.0
