# mutant: gain 16: the factor inverted without the square root
# replaces: explorer_sigmoid
# must lose: test_explorer_sigmoid
def sigmoid_answers():
    return 1 / 16, 16.0
