"""Expected values of lesson 04's visible demonstrations (instructor-only).

Recorded by `python -m autograder release` from `backprop_reference.variance` into the student
edition's `backprop/expected/04_initialization.json`; the notebook reads them with
`backprop.checking.recorded(lesson, key, *inputs)`.
"""

from backprop_reference import variance

SETTINGS = (("linear", "xavier_normal", None), ("relu", "xavier_normal", None), ("linear", "normal", 0.01))


def critical_gains():
    gains = {}
    for act, scheme, std in SETTINGS:
        extra = {"std": std} if std else {}
        gains[f"{act}, {scheme}{' std 0.01' if std else ''}"] = variance.critical_gain(scheme, 256, act, **extra)
    return (), gains


CASES = {"critical gains of a 256 -> 256 layer": critical_gains}
