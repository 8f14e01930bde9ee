# mutant: a schedule that decays one epoch early ((epoch + 1) // every: epoch 9 is already halved)
# replaces: step_decay
# must lose: test_step_decay
def step_decay(epoch, lr0, factor=0.5, every=10):
    return lr0 * factor ** ((epoch + 1) // every)
