# mutant: epoch % every instead of epoch // every (the rate saws back up every period)
# replaces: step_decay
# must lose: test_step_decay
def step_decay(epoch, lr0, factor=0.5, every=10):
    return lr0 * factor ** (epoch % every)
