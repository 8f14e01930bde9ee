# mutant: mean relative error instead of the largest
# replaces: gradient_check
# must lose: test_gradient_check
def gradient_check(f, params, grads, h=1e-6):
    errors = []
    for p, a in zip(params, grads):
        n = numerical_gradient(f, p, h)
        errors.append(float(np.mean(np.abs(a - n) / np.maximum(1e-8, np.abs(a) + np.abs(n)))))
    return errors
