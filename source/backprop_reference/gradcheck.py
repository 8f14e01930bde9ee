"""Numerical derivatives by central differences, and checks of analytic gradients.

A central difference approximates a derivative from two evaluations,

    f'(x) ~ (f(x + h) - f(x - h)) / (2 h)      error O(h^2) + O(eps |f| / h),

and every check here compares an analytic value `a` with a numerical one `n` through the
relative error

    relative_error(a, n) = |a - n| / max(1e-8, |a| + |n|)      (elementwise).

Dividing by |a| + |n| makes the number independent of the scale of the gradient (1e-7 means
"seven digits agree" whether the entry is 1e3 or 1e-3); the floor 1e-8 keeps two entries that
are both (almost) zero from producing 0/0.

    numerical_gradient(f, x)       f: array -> scalar;  gradient, shape of x
    numerical_jacobian(f, x)       f: array -> array;   Jacobian (m, n), numerator layout
    numerical_vjp(f, x, v)         gradient of <v, f(x)>, i.e. J^T v, shape of x
    check_vjp(f, vjp, x)           a vector-Jacobian product checked without forming J
    gradcheck(f, params, grads)    a model's gradients, entry by entry or along random directions

`gradcheck` and `check_vjp` return a `GradcheckReport` (truthy when the check passed, readable
when printed). In "directional" mode they compare directional derivatives <g, u> along random
unit directions u with (f(x + h u) - f(x - h u)) / (2 h): two evaluations per direction,
whatever the number of parameters. A wrong entry shifts <g, u> by (error) * u_k, which a
random u almost surely does not hide; the report then bisects the worst direction to name the
entry responsible (about 2 log2(n) more evaluations).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from backprop._validate import as_array, check_choice, check_positive, check_rng, shape_str
from backprop.checking import REL_FLOOR, relative_error  # the course's relative error (student edition)

__all__ = ["relative_error", "numerical_gradient", "numerical_jacobian", "numerical_vjp",
           "check_vjp", "gradcheck", "GradcheckReport", "default_step", "default_tolerance"]



# --------------------------------------------------------------------------- basics

def default_step(dtype) -> float:
    """The finite-difference step used when none is given: 1e-6 for float64, 1e-3 for float32."""
    return 1e-6 if np.dtype(dtype) == np.float64 else 1e-3


def default_tolerance(dtype) -> float:
    """The relative-error tolerance used when none is given: 1e-6 for float64, 1e-2 for float32."""
    return 1e-6 if np.dtype(dtype) == np.float64 else 1e-2


def _check_callable(f, name: str) -> None:
    if not callable(f):
        raise TypeError(f"{name} must be a function, got {type(f).__name__}.")


def _scalar(value, what: str) -> float:
    """`value` as a Python float; ValueError if it is not one finite number."""
    arr = np.asarray(value)
    if arr.dtype == object or not np.issubdtype(arr.dtype, np.number):
        raise TypeError(f"{what} must return a number, got {type(value).__name__}.")
    if arr.size != 1:
        raise ValueError(f"{what} must return a scalar, got an array of shape {shape_str(arr.shape)}.")
    out = float(arr.reshape(()))
    if not np.isfinite(out):
        raise ValueError(f"{what} returned NaN or inf ({out}); the function must be finite near the point checked.")
    return out


def _values(value, what: str, shape=None) -> np.ndarray:
    """`value` as a finite float64 array (of `shape`, when given)."""
    arr = np.asarray(value)
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise TypeError(f"{what} must return an array of numbers, got {type(value).__name__}.")
    arr = arr.astype(np.float64)
    if shape is not None and arr.shape != shape:
        raise ValueError(f"{what} returned shape {shape_str(arr.shape)}, but returned "
                         f"{shape_str(shape)} at the unperturbed point.")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{what} returned NaN or inf; the function must be finite near the point checked.")
    return arr


# --------------------------------------------------------------------------- numerical derivatives

def numerical_gradient(f: Callable, x, h: float = 1e-6) -> np.ndarray:
    """Gradient of a scalar function by central differences, one entry at a time.

    f: function taking an array shaped like `x` and returning one number.
    x: array of any shape (not modified). h: step (> 0).
    Returns g with g.shape == x.shape, g[i] = (f(x + h e_i) - f(x - h e_i)) / (2 h), in x's
    float dtype. f is evaluated on a float64 copy of x (2 x.size calls).
    """
    _check_callable(f, "f")
    x = as_array(x, "x", finite=True)
    h = check_positive(h, "h")
    work = np.array(x, dtype=np.float64, order="C")   # a C-ordered copy: x is never touched
    flat = work.reshape(-1)
    grad = np.empty(flat.size)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + h
        fp = _scalar(f(work), "f")
        flat[i] = old - h
        fm = _scalar(f(work), "f")
        flat[i] = old
        grad[i] = (fp - fm) / (2.0 * h)
    return grad.reshape(x.shape).astype(x.dtype, copy=False)


def numerical_jacobian(f: Callable, x, h: float = 1e-6) -> np.ndarray:
    """Jacobian of f at x by central differences, in numerator layout.

    f: function taking an array shaped like `x` and returning an array (any shape) of m values.
    x: array of any shape with n entries (flattened in C order). h: step (> 0).
    Returns J of shape (m, n) with J[i, j] = d f_i / d x_j; column j is
    (f(x + h e_j) - f(x - h e_j)).ravel() / (2 h). Dtype of x; 2 n calls of f.
    """
    _check_callable(f, "f")
    x = as_array(x, "x", finite=True)
    h = check_positive(h, "h")
    work = np.array(x, dtype=np.float64, order="C")
    flat = work.reshape(-1)
    out_shape = _values(f(work), "f").shape
    jac = np.empty((int(np.prod(out_shape)), flat.size))
    for j in range(flat.size):
        old = flat[j]
        flat[j] = old + h
        fp = _values(f(work), "f", out_shape)
        flat[j] = old - h
        fm = _values(f(work), "f", out_shape)
        flat[j] = old
        jac[:, j] = (fp - fm).reshape(-1) / (2.0 * h)
    return jac.astype(x.dtype, copy=False)


def numerical_vjp(f: Callable, x, v, h: float = 1e-6) -> np.ndarray:
    """The vector-Jacobian product J(x)^T v by central differences, without forming J.

    f: array shaped like `x` -> array shaped like `v`. x: any shape; v: the shape of f(x).
    Returns the gradient of the scalar <v, f(x)> with respect to x, shape of x: entry i is
    (<v, f(x + h e_i)> - <v, f(x - h e_i)>) / (2 h). 2 x.size calls of f, memory O(x.size).
    """
    _check_callable(f, "f")
    x = as_array(x, "x", finite=True)
    v = as_array(v, "v", finite=True)
    out = np.asarray(f(x.astype(np.float64)))
    if out.shape != v.shape:
        raise ValueError(f"v must have the shape of f(x), {shape_str(out.shape)}, got {shape_str(v.shape)}.")
    v64 = v.astype(np.float64)
    return numerical_gradient(lambda z: float(np.sum(v64 * _values(f(z), "f", v.shape))), x, h)


# --------------------------------------------------------------------------- reports

@dataclass
class EntryCheck:
    """One compared quantity: an entry `name[index]` or a direction (index None)."""

    name: str
    index: tuple | None
    analytic: float
    numerical: float
    rel_error: float
    abs_error: float
    passed: bool

    @property
    def label(self) -> str:
        if not self.index:                      # a direction, or a 0-d parameter
            return self.name
        return f"{self.name}[{', '.join(str(i) for i in self.index)}]"


@dataclass
class GradcheckReport:
    """The outcome of `gradcheck` or `check_vjp`.

    passed         every compared quantity has relative error <= tol, or absolute error <= atol
                   (the finite-difference noise floor)
    mode           "exhaustive" (every entry) or "directional" (random directions)
    max_rel_error  the largest relative error over everything compared
    worst          the worst entries / directions, largest relative error first
    suspects       entries a failed directional check was traced back to (by bisection)
    n_params, n_evaluations, tol, atol, h, notes
    numerical      exhaustive mode: the numerical gradients, keyed like the parameters
    """

    mode: str
    passed: bool
    max_rel_error: float
    tol: float
    atol: float
    h: float
    n_params: int
    n_evaluations: int
    n_compared: int
    worst: list = field(default_factory=list)
    suspects: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    numerical: dict | None = None
    what: str = "gradient"

    def __bool__(self) -> bool:
        return self.passed

    def raise_if_failed(self) -> "GradcheckReport":
        """Raise AssertionError with the report as message unless the check passed."""
        if not self.passed:
            raise AssertionError(str(self))
        return self

    def __str__(self) -> str:
        verdict = "PASSED" if self.passed else "FAILED"
        unit = "entries" if self.mode == "exhaustive" else "random directions"
        lines = [f"{self.what} check {verdict} ({self.mode}: {self.n_compared} {unit} of "
                 f"{self.n_params} parameter(s), {self.n_evaluations} function evaluations, h={self.h:g})",
                 f"  max relative error {self.max_rel_error:.2e}  (tolerance {self.tol:g}; absolute "
                 f"differences below {self.atol:.1e} count as finite-difference noise)"]
        if self.worst:
            lines.append("  worst:")
            for e in self.worst:
                mark = "ok " if e.passed else "BAD"
                lines.append(f"    {mark} {e.label:<24} analytic {e.analytic: .8e}  numerical "
                             f"{e.numerical: .8e}  rel. error {e.rel_error:.2e}")
        if self.suspects:
            lines.append("  traced the worst direction back to:")
            for e in self.suspects:
                lines.append(f"    {e.label:<28} analytic {e.analytic: .8e}  numerical "
                             f"{e.numerical: .8e}  rel. error {e.rel_error:.2e}")
        for note in self.notes:
            lines.append(f"  note: {note}")
        return "\n".join(lines)

    __repr__ = __str__


def _entry(name, index, a, n, tol, atol) -> EntryCheck:
    rel = abs(a - n) / max(REL_FLOOR, abs(a) + abs(n))
    err = abs(a - n)
    return EntryCheck(name, index, float(a), float(n), float(rel), float(err),
                      bool(rel <= tol or err <= atol))


# --------------------------------------------------------------------------- the checking core

class _Target:
    """Arrays perturbed in place and the scalar function that reads them."""

    def __init__(self, names, arrays, grads, evaluate):
        self.names = list(names)
        self.arrays = list(arrays)
        self.grads = [np.asarray(g, dtype=np.float64) for g in grads]
        self.evaluate = evaluate                     # () -> float
        self.sizes = [a.size for a in self.arrays]
        self.offsets = np.concatenate([[0], np.cumsum(self.sizes)]).astype(int)
        self.n = int(self.offsets[-1])
        self.calls = 0

    def f(self) -> float:
        self.calls += 1
        return self.evaluate()

    def locate(self, k: int):
        """(name, index tuple, array number) of global flat entry k."""
        p = int(np.searchsorted(self.offsets, k, side="right") - 1)
        local = k - self.offsets[p]
        idx = tuple(int(i) for i in np.unravel_index(local, self.arrays[p].shape))
        return self.names[p], idx, p

    def entry_derivative(self, p: int, i: int, h: float) -> float:
        a = self.arrays[p]
        k = np.unravel_index(i, a.shape)     # index the array itself: works for any memory layout
        old = a[k]
        try:
            a[k] = old + h
            xp = float(a[k])
            fp = self.f()
            a[k] = old - h
            xm = float(a[k])
            fm = self.f()
        finally:
            a[k] = old
        return (fp - fm) / (xp - xm)     # the steps actually taken (matters in float32)

    def directional(self, u_parts, h: float) -> float:
        saved = [a.copy() for a in self.arrays]
        try:
            for a, s, u in zip(self.arrays, saved, u_parts):
                a[...] = s + h * u
            fp = self.f()
            for a, s, u in zip(self.arrays, saved, u_parts):
                a[...] = s - h * u
            fm = self.f()
        finally:
            for a, s in zip(self.arrays, saved):
                a[...] = s
        return (fp - fm) / (2.0 * h)

    def split(self, flat_u):
        return [flat_u[self.offsets[p]:self.offsets[p + 1]].reshape(a.shape)
                for p, a in enumerate(self.arrays)]

    def analytic_dot(self, flat_u) -> float:
        return float(sum(np.vdot(g, u) for g, u in zip(self.grads, self.split(flat_u))))


def _noise_floor(f0: float, h: float, dtype) -> float:
    """Absolute differences below this are finite-difference rounding noise, not errors."""
    return 10.0 * float(np.finfo(dtype).eps) * max(1.0, abs(f0)) / (2.0 * h)


def _exhaustive(t: _Target, h, tol, atol):
    checks, numerical = [], {}
    for p, (name, a, g) in enumerate(zip(t.names, t.arrays, t.grads)):
        num = np.empty(a.size)
        for i in range(a.size):
            num[i] = t.entry_derivative(p, i, h)
        numerical[name] = num.reshape(a.shape).astype(a.dtype)
        gflat = g.reshape(-1)
        for i in range(a.size):
            idx = tuple(int(j) for j in np.unravel_index(i, a.shape))
            checks.append(_entry(name, idx, gflat[i], num[i], tol, atol))
    return checks, numerical


def _directional(t: _Target, h, tol, atol, n_directions, rng, localize):
    checks, directions = [], []
    for d in range(n_directions):
        u = rng.standard_normal(t.n)
        u /= np.linalg.norm(u)
        a = t.analytic_dot(u)
        n = t.directional(t.split(u), h)
        checks.append(_entry(f"direction {d}", None, a, n, tol, atol))
        directions.append(u)
    suspects = []
    failed = [i for i, c in enumerate(checks) if not c.passed]
    if failed and localize and t.n > 1:
        worst = max(failed, key=lambda i: checks[i].rel_error)
        suspects = _bisect(t, directions[worst], checks[worst], h, tol, atol)
    return checks, suspects


def _bisect(t: _Target, u, check, h, tol, atol):
    """Follow the half of the direction carrying the larger discrepancy down to one entry.

    The discrepancy <g, u> - D_u f is linear in u, so it splits exactly over the halves of
    u's support: measuring one half gives the other for free.
    """
    def discrepancy(lo, hi):
        part = np.zeros_like(u)
        part[lo:hi] = u[lo:hi]
        norm = np.linalg.norm(part)
        if norm == 0:
            return 0.0
        part /= norm
        return norm * (t.analytic_dot(part) - t.directional(t.split(part), h))

    lo, hi = 0, t.n
    disc = check.analytic - check.numerical
    while hi - lo > 1:
        mid = (lo + hi) // 2
        left = discrepancy(lo, mid)
        right = disc - left
        if abs(left) >= abs(right):
            hi, disc = mid, left
        else:
            lo, disc = mid, right
    name, idx, p = t.locate(lo)
    local = lo - t.offsets[p]
    num = t.entry_derivative(p, local, h)
    return [_entry(name, idx, float(t.grads[p].reshape(-1)[local]), num, tol, atol)]


def _run(t: _Target, *, mode, h, tol, atol, n_directions, max_exhaustive, rng, n_worst,
         localize, what) -> GradcheckReport:
    f0 = t.f()
    dtype = np.result_type(*t.arrays) if t.arrays else np.float64
    atol = _noise_floor(f0, h, dtype) if atol is None else check_positive(atol, "atol", allow_zero=True)
    if mode == "auto":
        mode = "exhaustive" if t.n <= max_exhaustive else "directional"
    numerical, suspects = None, []
    if mode == "exhaustive":
        checks, numerical = _exhaustive(t, h, tol, atol)
    else:
        checks, suspects = _directional(t, h, tol, atol, n_directions, rng, localize)
    ordered = sorted(checks, key=lambda c: (c.passed, -c.rel_error))
    notes = []
    if checks and all(c.numerical == 0.0 for c in checks) and any(c.analytic != 0.0 for c in checks):
        notes.append("the numerical derivative is exactly 0 everywhere: does f read the arrays "
                     "being checked (they are perturbed in place), or does it use copies?")
    if dtype == np.float32:
        notes.append("float32 parameters: differences are coarse (h and tol are larger); check in float64 when you can.")
    return GradcheckReport(
        mode=mode, passed=all(c.passed for c in checks),
        max_rel_error=max((c.rel_error for c in checks), default=0.0),
        tol=tol, atol=atol, h=h, n_params=t.n, n_evaluations=t.calls, n_compared=len(checks),
        worst=ordered[:n_worst], suspects=suspects, notes=notes, numerical=numerical, what=what)


def _as_named(params, what: str):
    """(names, values) from a dict, a list/tuple, or a single array."""
    if isinstance(params, Mapping):
        return [str(k) for k in params], list(params.values())
    if isinstance(params, (list, tuple)):
        return [f"{what}[{i}]" for i in range(len(params))], list(params)
    return [what], [params]


def gradcheck(f: Callable[[], float], params, grads, mode: str = "auto", *, h: float | None = None,
              tol: float | None = None, atol: float | None = None, n_directions: int = 10,
              max_exhaustive: int = 1000, rng=0, n_worst: int = 5,
              localize: bool = True) -> GradcheckReport:
    """Compare analytic gradients with central differences of a scalar function.

    f        function of no arguments returning the loss; it must read the arrays in `params`,
             which are perturbed in place (and restored, even if f raises).
    params   dict name -> float ndarray (or a list of them, or one array): the parameters.
    grads    the analytic gradients, same keys and shapes as `params`.
    mode     "exhaustive": every entry (2 evaluations each); "directional": `n_directions`
             random unit directions u, comparing <grad, u> with (f(p + h u) - f(p - h u)) / 2h,
             2 evaluations each whatever the number of parameters; "auto": exhaustive up to
             `max_exhaustive` parameters, directional above.
    h, tol   step and relative-error tolerance; defaults by dtype (float64: 1e-6 and 1e-6,
             float32: 1e-3 and 1e-2).
    atol     absolute differences below it pass (default: the rounding noise of a central
             difference, 10 eps max(1, |f|) / 2h).
    rng      seed or numpy Generator for the directions (fixed by default: reproducible).
    Returns a GradcheckReport: truthy if passed; print it for the worst entries or directions
    and, after a failed directional check, the entry it traced the failure to.
    """
    _check_callable(f, "f")
    mode = check_choice(mode, "mode", ("auto", "exhaustive", "directional"))
    names, arrays = _as_named(params, "params")
    gnames, gvalues = _as_named(grads, "grads")
    if isinstance(params, Mapping) != isinstance(grads, Mapping) or len(arrays) != len(gvalues):
        raise ValueError(f"params and grads must have the same structure: got {len(arrays)} "
                         f"parameter(s) and {len(gvalues)} gradient(s).")
    if isinstance(params, Mapping) and set(names) != set(gnames):
        raise ValueError(f"params and grads must have the same keys: params has {sorted(names)}, "
                         f"grads has {sorted(gnames)}.")
    if isinstance(grads, Mapping):
        gvalues = [grads[k] for k in params]
    if not arrays:
        raise ValueError("params is empty: nothing to check.")
    checked = []
    for name, a, g in zip(names, arrays, gvalues):
        if not isinstance(a, np.ndarray) or a.dtype not in (np.float32, np.float64):
            raise TypeError(f"params {name!r} must be a float32/float64 numpy array that f reads "
                            f"(it is perturbed in place), got {type(a).__name__}"
                            f"{' of dtype ' + str(a.dtype) if isinstance(a, np.ndarray) else ''}.")
        if not a.flags.writeable:
            raise ValueError(f"params {name!r} is read-only; gradcheck perturbs it in place.")
        g = as_array(g, f"grads {name!r}", finite=True)
        if g.shape != a.shape:
            raise ValueError(f"grads {name!r} must have the shape of its parameter, "
                             f"{shape_str(a.shape)}, got {shape_str(g.shape)}.")
        checked.append(g)
    dtype = np.result_type(*arrays)
    h = default_step(dtype) if h is None else check_positive(h, "h")
    tol = default_tolerance(dtype) if tol is None else check_positive(tol, "tol")
    n_directions = int(check_positive(n_directions, "n_directions"))
    rng = check_rng(rng)
    target = _Target(names, arrays, checked, lambda: _scalar(f(), "f"))
    return _run(target, mode=mode, h=h, tol=tol, atol=atol, n_directions=n_directions,
                max_exhaustive=int(max_exhaustive), rng=rng, n_worst=int(n_worst),
                localize=localize, what="gradient")


def check_vjp(f: Callable, vjp: Callable, x, *, n_checks: int = 3, mode: str = "auto",
              h: float | None = None, tol: float | None = None, atol: float | None = None,
              n_directions: int = 5, max_exhaustive: int = 1000, rng=0) -> GradcheckReport:
    """Check a vector-Jacobian product against central differences, never forming J.

    f      function: array shaped like `x` -> array (any shape).
    vjp    function (x, v) -> J(x)^T v, shaped like `x`; v has the shape of f(x).
    x      the point (any shape; not modified).
    For each of `n_checks` random output directions v, the scalar phi(x) = <v, f(x)> has
    gradient J^T v, so vjp(x, v) is compared with phi's numerical gradient: every entry
    ("exhaustive", 2 x.size calls) or `n_directions` random directional derivatives
    ("directional", 2 calls each, independent of x.size); "auto" picks by size.
    Returns one GradcheckReport covering all v (truthy if every comparison passed).
    """
    _check_callable(f, "f")
    _check_callable(vjp, "vjp")
    mode = check_choice(mode, "mode", ("auto", "exhaustive", "directional"))
    x = as_array(x, "x", finite=True)
    h = default_step(x.dtype) if h is None else check_positive(h, "h")
    tol = default_tolerance(x.dtype) if tol is None else check_positive(tol, "tol")
    n_checks = int(check_positive(n_checks, "n_checks"))
    rng = check_rng(rng)
    out_shape = _values(f(x.copy()), "f").shape
    reports = []
    for c in range(n_checks):
        v = rng.standard_normal(out_shape).astype(x.dtype)
        a = vjp(x.copy(), v.copy())
        a = as_array(a, "vjp(x, v)")
        if a.shape != x.shape:
            raise ValueError(f"vjp(x, v) must return an array shaped like x, {shape_str(x.shape)}, "
                             f"got {shape_str(a.shape)} (J^T v has one entry per input).")
        work = x.copy()
        v64 = v.astype(np.float64)
        target = _Target([f"J^T v (v #{c})"], [work], [a],
                         lambda: float(np.sum(v64 * _values(f(work), "f", out_shape))))
        report = _run(target, mode=mode, h=h, tol=tol, atol=atol, n_directions=int(n_directions),
                      max_exhaustive=int(max_exhaustive), rng=rng, n_worst=5, localize=True,
                      what="vector-Jacobian product")
        for e in report.worst:
            if e.index is None:
                e.name = f"{e.name} (v #{c})"
        reports.append(report)
    worst = sorted((e for r in reports for e in r.worst), key=lambda e: (e.passed, -e.rel_error))[:5]
    return GradcheckReport(
        mode=reports[0].mode, passed=all(r.passed for r in reports),
        max_rel_error=max(r.max_rel_error for r in reports), tol=tol,
        atol=max(r.atol for r in reports), h=h, n_params=x.size,
        n_evaluations=sum(r.n_evaluations for r in reports),
        n_compared=sum(r.n_compared for r in reports), worst=worst,
        suspects=[s for r in reports for s in r.suspects],
        notes=sorted({n for r in reports for n in r.notes}), what="vector-Jacobian product")
