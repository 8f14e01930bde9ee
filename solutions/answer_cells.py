"""Graded answers a student works out on paper (shared by the lessons' grading specs).

Not a lesson (no NN_name folder) and never released. A lesson's grading.py loads it with
`runpy.run_path`: `by_hand = runpy.run_path(str(Path(__file__).parents[1] / "answer_cells.py"))["by_hand"]`.
The answer cell is a function of no arguments returning the answer (so that its stub raises
only when called); the visible test checks only its shape or type, the grader its value.
"""

import numpy as np

from autograder.spec import Case, Exercise


def by_hand(cell, fname, names, expected, mistakes=None, denominator=48, rtol=1e-12):
    """The Exercise of a graded answer the student works out on paper and returns from `fname`.

    `names`: how feedback names the returned item(s) (one name: a single array or number).

    `expected()` is computed here from the package (never shown to the student). The visible
    case compares the values; the hidden one the values times `denominator` (a common
    denominator of the exact fractions), i.e. the integers the fractions must give exactly.
    """
    if len(names) == 1:
        call = f"np.asarray({fname}(), dtype=float) * k"
    else:
        call = (f"answer = {fname}()\n"
                f"result = tuple(np.asarray(a, dtype=float) * k for a in answer) "
                f"if isinstance(answer, tuple) else answer")

    def scaled(value, k):
        return tuple(np.asarray(v) * k for v in value) if len(names) > 1 else np.asarray(value) * k
    return Exercise(cell=cell, call=call, reference=lambda k: scaled(expected(), k),
                    names=tuple(names) if len(names) > 1 else None,
                    mistakes=(lambda k: {d: scaled(v, k) for d, v in mistakes().items()}) if mistakes else None,
                    cases=[Case("your answer", lambda rng: {"k": 1.0}),
                           Case(f"your answer times {denominator} (exact integers)",
                                lambda rng: {"k": float(denominator)}, hidden=True)],
                    rtol=rtol, atol=1e-12, name=names[0] if len(names) == 1 else None)
