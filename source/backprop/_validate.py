"""Argument checks shared by the package's public functions.

Each helper raises a ValueError or TypeError whose message names the argument and, where
shapes are involved, the shapes, so that a mistake is reported where it is made rather than
as a numpy broadcasting error several frames deeper.

    Z = as_array(Z, "Z", ndim=2)                   # -> np.ndarray of float32/float64
    check_shape(W, "W", (n_out, A.shape[1]))       # None in a shape means "any size"
    check_same_shape(dw, "dw", w, "w")
    check_finite(x, "x")
    check_choice(name, "activation", ("relu", "tanh"))
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

FLOAT_DTYPES = (np.float32, np.float64)


def shape_str(shape) -> str:
    """`(4, 3)`-style text for a shape, with `?` for an unconstrained axis."""
    parts = ["?" if s is None else str(s) for s in shape]
    return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"


def as_array(x, name: str, *, ndim: int | Sequence[int] | None = None, dtype=None,
             finite: bool = False) -> np.ndarray:
    """Return `x` as a floating ndarray, checking its number of dimensions.

    Integer and boolean input becomes float64; float32 and float64 keep their dtype (pass
    `dtype` to force one). Raises TypeError for non-numeric input and ValueError for the
    wrong ndim or, with `finite=True`, for NaN or inf entries.
    """
    if isinstance(x, np.ndarray) and type(x) is not np.ndarray:
        x = np.asarray(x).view(np.ndarray)
    try:
        arr = np.asarray(x)
    except Exception as exc:  # ragged lists and the like
        raise TypeError(f"{name} must be an array of numbers; could not convert it ({exc}).") from None
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise TypeError(f"{name} must be an array of numbers, got dtype {arr.dtype}.")
    if np.issubdtype(arr.dtype, np.complexfloating):
        raise TypeError(f"{name} must be real, got dtype {arr.dtype}.")
    if dtype is not None:
        arr = arr.astype(dtype, copy=False)
    elif arr.dtype not in FLOAT_DTYPES:
        arr = arr.astype(np.float64)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            want = " or ".join(str(n) for n in allowed)
            raise ValueError(
                f"{name} must have {want} dimension(s), got shape {shape_str(arr.shape)} "
                f"({arr.ndim} dimension(s))."
            )
    if finite:
        check_finite(arr, name)
    return arr


def check_shape(x: np.ndarray, name: str, expected: Sequence[int | None], hint: str = "") -> None:
    """Raise ValueError unless `x.shape` matches `expected` (`None` matches any size)."""
    shape = np.shape(x)
    ok = len(shape) == len(expected) and all(e is None or e == s for s, e in zip(shape, expected))
    if not ok:
        msg = f"{name} must have shape {shape_str(expected)}, got {shape_str(shape)}."
        raise ValueError(msg + (" " + hint if hint else ""))


def check_same_shape(a: np.ndarray, name_a: str, b: np.ndarray, name_b: str) -> None:
    """Raise ValueError unless `a` and `b` have the same shape."""
    if np.shape(a) != np.shape(b):
        raise ValueError(
            f"{name_a} and {name_b} must have the same shape, got {shape_str(np.shape(a))} "
            f"and {shape_str(np.shape(b))}."
        )


def check_finite(x: np.ndarray, name: str) -> None:
    """Raise ValueError if `x` holds NaN or inf, saying how many and where the first is."""
    arr = np.asarray(x)
    bad = ~np.isfinite(arr)
    if bad.any():
        first = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(
            f"{name} contains {int(bad.sum())} NaN/inf value(s) (shape {shape_str(arr.shape)}); "
            f"the first is at index {first}: {arr[first]!r}."
        )


def check_choice(value: str, name: str, choices: Sequence[str]) -> str:
    """Return `value` if it is one of `choices`, else raise ValueError listing them."""
    if value not in choices:
        listed = ", ".join(repr(c) for c in choices)
        raise ValueError(f"unknown {name} {value!r}; choose one of {listed}.")
    return value


def check_positive(value: float, name: str, *, allow_zero: bool = False) -> float:
    """Return `value` as a float if it is > 0 (or >= 0), else raise ValueError."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}.") from None
    if not np.isfinite(v) or v < 0 or (v == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be a finite number {bound}, got {value!r}.")
    return v


def check_rng(rng, name: str = "rng") -> np.random.Generator:
    """Return a numpy Generator: `rng` itself, or a new one seeded with an int (or None)."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or isinstance(rng, (int, np.integer)):
        return np.random.default_rng(rng)
    raise TypeError(
        f"{name} must be a numpy.random.Generator (np.random.default_rng(seed)), an int seed "
        f"or None, got {type(rng).__name__}."
    )
