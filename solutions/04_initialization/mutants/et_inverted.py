# mutant: the ratio read the wrong way round (predicted / measured)
# replaces: explorer_tanh
# must lose: test_explorer_tanh
def tanh_answer():
    return 8.0
