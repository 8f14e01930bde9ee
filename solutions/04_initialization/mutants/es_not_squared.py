# mutant: sigma'(0) = 1/4 not squared
# replaces: explorer_sigmoid
# must lose: test_explorer_sigmoid
def sigmoid_answers():
    return 1 / 4, 2.0
