# mutant: the saturation overestimated: a hundred times smaller
# replaces: explorer_tanh
# must lose: test_explorer_tanh
def tanh_answer():
    return 0.01
