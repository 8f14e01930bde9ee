"""Is an array a plausible draw of mean 0 and a given variance? (lesson 04's test cells and grader)

    msg = diagnose_draw("he_normal(shape)", W, (256, 784), var=2 / 784)
    msg is None            # looks like such a draw; else a sentence for the student

Used by the visible tests of lesson 04's initializers, which cannot compare random draws
value by value.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["diagnose_draw"]


def diagnose_draw(name: str, W, shape, var: float, *, uniform: bool = False, mistakes=None,
                  z: float = 5.0) -> str | None:
    """Check that `W` looks like a draw of mean 0 and variance `var` with `shape`; return None
    when it does, else a message for a student (used by lesson 04's tests and grader).

    Tolerances are `z` standard errors of the sample statistics, so a correct draw fails with
    probability ~1e-6 per check: SE(mean) = sqrt(var / N), SE(variance) = var sqrt((k - 1) / N)
    with kurtosis k = 3 (normal) or 9/5 (uniform). For N >= 2000 the shape of the distribution
    is checked too (kurtosis; for a uniform the largest |w| reaches the limit sqrt(3 var)).
    `mistakes` maps a description to the variance that mistake would give; a sample variance
    matching one is named. Statistics are skipped below N = 2000 (only shape and finiteness).
    """
    arr = None if W is None else np.asarray(W)
    if arr is None:
        return f"{name}: got None: did you forget to `return` the array?"
    if arr.dtype == object or not np.issubdtype(arr.dtype, np.number):
        return f"{name}: got {type(W).__name__}, not an array of numbers."
    shape = tuple(int(s) for s in shape)
    if arr.shape != shape:
        msg = f"{name}: expected shape {shape}, got {arr.shape}."
        if arr.shape == shape[::-1]:
            msg += " Likely mistake: the shape is reversed; W has shape (n_out, n_in)."
        return msg
    a = arr.astype(np.float64)
    if not np.all(np.isfinite(a)):
        return f"{name}: contains NaN or inf."
    n = a.size
    if var == 0.0:
        return None if not np.any(a) else f"{name}: expected all zeros, got nonzero entries."
    if n < 2000:
        return None
    kurt = 1.8 if uniform else 3.0
    mean, v = float(a.mean()), float(np.mean(a * a))      # the second moment: E[w] = 0
    tol_var = z * var * math.sqrt((kurt - 1.0) / n)
    if abs(v - var) > tol_var:
        msg = (f"{name}: the sample variance of the {n} weights is {v:.5g}, expected {var:.5g} "
               f"(tolerance +-{tol_var:.2g}; ratio got/expected = {v / var:.4g}).")
        for label, wrong in (mistakes or {}).items():
            if wrong > 0 and abs(v - wrong) <= z * wrong * math.sqrt((kurt - 1.0) / n):
                return msg + f" Likely mistake: {label}."
        ratio = v / var
        if abs(ratio - round(ratio)) < 0.02 and round(ratio) > 1:
            msg += f" It is {round(ratio)} times too large: a constant factor is off."
        return msg
    tol_mean = z * math.sqrt(var / n)
    if abs(mean) > tol_mean:
        hint = ""
        if uniform and mean > 0 and abs(mean - a.max() / 2) < 0.2 * a.max():
            hint = " Likely mistake: drawing from [0, limit) instead of [-limit, limit)."
        return (f"{name}: the mean of the {n} weights is {mean:.4g}, expected 0 "
                f"(tolerance +-{tol_mean:.2g}).{hint}")
    k = float(np.mean(a ** 4) / v ** 2)
    if abs(k - kurt) > 0.2 and n >= 20000:
        other = "a uniform" if abs(k - 1.8) < 0.2 else "a normal" if abs(k - 3.0) < 0.2 else "some other"
        want = "uniform" if uniform else "normal"
        return (f"{name}: the variance is right but the values do not look {want}: their kurtosis is "
                f"{k:.3g} (a normal has 3, a uniform 1.8), so this looks like {other} distribution.")
    if uniform:
        limit = math.sqrt(3.0 * var)
        top = float(np.abs(a).max())
        if top > limit * (1 + 1e-6) or top < limit * 0.99:
            return (f"{name}: the largest |w| is {top:.5g}, but a uniform on [-limit, limit] with "
                    f"variance {var:.5g} has limit sqrt(3 var) = {limit:.5g}.")
    return None
