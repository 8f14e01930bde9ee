# mutant: epochs counted from 1 ((epoch - 1) // every: the first drop comes one epoch late)
# replaces: step_decay
# must lose: test_step_decay
def step_decay(epoch, lr0, factor=0.5, every=10):
    return lr0 * factor ** (max(epoch - 1, 0) // every)
