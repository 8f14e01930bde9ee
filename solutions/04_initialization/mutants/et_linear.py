# mutant: ratio 1: trusting the linear-regime line
# replaces: explorer_tanh
# must lose: test_explorer_tanh
def tanh_answer():
    return 1.0
