# mutant: the sigmoid treated as linear (factor 1, gain 1)
# replaces: explorer_sigmoid
# must lose: test_explorer_sigmoid
def sigmoid_answers():
    return 1.0, 1.0
