# mutant: one number for all parameters instead of one per parameter
# replaces: gradient_check
# must lose: test_gradient_check
def gradient_check(f, params, grads, h=1e-6):
    errors = []
    worst = 0.0
    for p, a in zip(params, grads):
        n = numerical_gradient(f, p, h)
        worst = max(worst, float(np.max(np.abs(a - n) / np.maximum(1e-8, np.abs(a) + np.abs(n)))))
    errors.append(worst)
    return errors
