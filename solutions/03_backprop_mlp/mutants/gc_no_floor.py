# mutant: no max(1e-8, ...) floor: 0 / 0 = nan when both gradients are zero
# replaces: gradient_check
# must lose: test_gradient_check
def gradient_check(f, params, grads, h=1e-6):
    errors = []
    for p, a in zip(params, grads):
        n = numerical_gradient(f, p, h)
        errors.append(float(np.max(np.abs(a - n) / (np.abs(a) + np.abs(n)))))
    return errors
