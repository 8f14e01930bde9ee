"""Expected values of lesson 05's visible tests and early demonstrations (instructor-only).

Recorded by `python -m autograder release` from `backprop_reference.optim` into the student
edition's `backprop/expected/05_optimizers.json`; the notebook reads them with
`backprop.checking.recorded(lesson, key, *inputs)`, whose inputs must equal the ones here.
"""

import numpy as np

from autograder.release import lesson_module
from backprop.surfaces import quadratic
from backprop_reference import optim

SURF = quadratic(lam=(0.5, 20.0))
run_steps = lesson_module(__file__, "grading").trajectory   # row 0: w0; row t: w after step t


def conventions():
    w, g = np.array([1.0, -2.0]), np.array([0.5, -1e-4])
    w_momentum, _ = optim.momentum_update(w, g, None, lr=0.1, beta=0.9)
    w_adam, s = optim.adam_update(w, g, None, lr=0.01)
    return (w, g), {"momentum w1": w_momentum, "adam w1": w_adam, "adam t": int(s["t"]), "adam m": s["m"]}


def paths(runs, steps):
    def make():
        out = {}
        for label, (rule, hyper) in runs.items():
            w, state, path = np.array(SURF.start), None, [np.array(SURF.start)]
            for _ in range(steps):
                w, state = rule(w, SURF.grad(w), state, **hyper)
                path.append(w)
            out[label] = np.array(path)
        return (np.array(SURF.start), steps), out
    return make


def trajectory(rule, grads, **hyper):
    def make():
        w0 = np.array([1.0, -2.0, 0.5, 0.0]) if rule is optim.adam_update else np.array([1.0, -2.0, 0.5])
        return (w0, grads), run_steps(rule, w0, grads, **hyper)
    return make


def adam_bias_correction():
    rng = np.random.default_rng(0)
    grads = (1.0 + 0.3 * rng.normal(size=300))[:, None]
    return (grads,), run_steps(optim.adam_update, [0.0], grads, lr=1e-3)


CASES = {
    "conventions": conventions,
    "momentum demonstration paths": paths({
        "SGD, lr 0.02": (optim.sgd_update, dict(lr=0.02)),
        "momentum, lr 0.02, β 0.8": (optim.momentum_update, dict(lr=0.02, beta=0.8)),
        "Nesterov, lr 0.02, β 0.8": (optim.nesterov_update, dict(lr=0.02, beta=0.8))}, 80),
    "RMSProp demonstration paths": paths({
        "SGD, lr 0.09": (optim.sgd_update, dict(lr=0.09)),
        "RMSProp, lr 0.05, ρ 0.9": (optim.rmsprop_update, dict(lr=0.05, rho=0.9, eps=1e-8))}, 60),
    "Adam with bias correction, noisy gradient": adam_bias_correction,
    "SGD trajectory": trajectory(optim.sgd_update, np.random.default_rng(0).normal(size=(4, 3)), lr=0.3),
    "momentum trajectory": trajectory(optim.momentum_update, np.random.default_rng(0).normal(size=(6, 3)),
                                      lr=0.05, beta=0.8),
    "Nesterov trajectory": trajectory(optim.nesterov_update, np.random.default_rng(0).normal(size=(6, 3)),
                                      lr=0.05, beta=0.8),
    "RMSProp trajectory": trajectory(optim.rmsprop_update,
                                     np.random.default_rng(0).normal(size=(6, 3)) * np.array([1.0, 1e-2, 1e-4]),
                                     lr=0.01, rho=0.9, eps=1e-8),
    "Adam trajectory": trajectory(optim.adam_update,
                                  np.random.default_rng(0).normal(size=(8, 4)) * np.array([1.0, 1e-2, 1e-4, 1e-5]),
                                  lr=0.05, beta1=0.8, beta2=0.99, eps=1e-8),
}
