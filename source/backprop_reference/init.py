"""Weight initializers (lesson 04).

Every initializer returns a weight matrix ``W`` of shape ``(n_out, n_in)`` -- the layout of
``Z = A @ W.T + b`` -- so for a matrix of that shape

    fan_in  = n_in  = shape[1]   (how many inputs each unit sums over: the forward pass)
    fan_out = n_out = shape[0]   (how many units each input feeds: the backward pass)
    average = (n_in + n_out) / 2

The variance-scaling schemes draw weights with mean 0 and

    Var(W) = gain**2 * c / fan(mode)            c = 1 (LeCun, Xavier/Glorot), 2 (He/Kaiming)

LeCun and He default to ``mode="fan_in"``, Xavier to ``mode="average"``, which gives the
familiar ``2 / (n_in + n_out)``. A normal draw uses ``std = sqrt(Var(W))``; a uniform draw on
``[-limit, limit]`` has variance ``limit**2 / 3``, hence ``limit = sqrt(3 * Var(W))`` (Xavier:
``sqrt(6 / (n_in + n_out))``, He: ``sqrt(6 / n_in)``). ``gain`` multiplies the standard
deviation (and the limit), so it multiplies the variance by ``gain**2``.

Biases start at zero: ``zeros((n_out,))``.

Randomness comes only from the ``rng`` argument, a ``numpy.random.Generator``
(``np.random.default_rng(seed)``); an int seed is accepted as a shortcut and ``None`` means a
fresh, unseeded generator. ``dtype`` is float32 or float64; the samples are drawn in that dtype.

    rng = np.random.default_rng(0)
    W = he_normal((256, 784), rng)                   # Var(W) = 2 / 784
    W = initialize("xavier_uniform", (10, 256), rng, gain=1.0)
    weight_variance("he_normal", n_in=784, n_out=256) == 2 / 784
"""

from __future__ import annotations

import math

import numpy as np

from backprop._validate import check_choice, check_positive, check_rng
from backprop.draws import diagnose_draw  # lesson 04's statistical check of a draw (student edition)

__all__ = ["zeros", "constant", "normal", "lecun_normal", "xavier_normal", "xavier_uniform",
           "he_normal", "he_uniform", "initialize", "weight_variance", "fans", "MODES",
           "INITIALIZERS", "diagnose_draw"]

MODES = ("fan_in", "fan_out", "average")


# ----------------------------------------------------------------------------- helpers

def _check_dtype(dtype) -> np.dtype:
    try:
        dt = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"dtype must be np.float32 or np.float64, got {dtype!r}.") from None
    if dt not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise TypeError(f"dtype must be np.float32 or np.float64, got {dt}.")
    return dt


def _check_shape(shape, *, matrix: bool) -> tuple[int, ...]:
    """`shape` as a tuple of positive ints; `matrix=True` demands (n_out, n_in)."""
    if isinstance(shape, (int, np.integer)) and not isinstance(shape, bool):
        shape = (int(shape),)
    try:
        dims = tuple(shape)
    except TypeError:
        raise TypeError(f"shape must be a tuple of ints such as (n_out, n_in), got {shape!r}.") from None
    if not all(isinstance(d, (int, np.integer)) and not isinstance(d, bool) for d in dims):
        raise TypeError(f"shape must be a tuple of ints such as (n_out, n_in), got {shape!r}.")
    dims = tuple(int(d) for d in dims)
    if matrix and len(dims) != 2:
        raise ValueError(
            f"shape must be (n_out, n_in) for a weight matrix, got {dims!r} ({len(dims)} dimension(s)); "
            "the fans are read from it: fan_in = n_in = shape[1], fan_out = n_out = shape[0].")
    if len(dims) == 0 or any(d <= 0 for d in dims):
        raise ValueError(f"shape must hold positive sizes, got {dims!r}.")
    return dims


def _check_gain(gain) -> float:
    return check_positive(gain, "gain")


def fans(shape) -> tuple[int, int]:
    """(fan_in, fan_out) of a weight matrix of shape (n_out, n_in): (n_in, n_out)."""
    n_out, n_in = _check_shape(shape, matrix=True)
    return n_in, n_out


def _fan(n_in: int, n_out: int, mode: str) -> float:
    check_choice(mode, "mode", MODES)
    if mode == "fan_in":
        return float(n_in)
    if mode == "fan_out":
        return float(n_out)
    return (n_in + n_out) / 2.0


# ----------------------------------------------------------------------------- the schemes

def zeros(shape, dtype=np.float64) -> np.ndarray:
    """All-zero array of `shape` (any shape, e.g. (n_out, n_in) or a bias (n_out,)).

    Zero weights make every hidden unit identical, and with g(0) = 0 (tanh, ReLU) the hidden
    weights never receive a gradient: use it for biases, not weights.
    """
    return np.zeros(_check_shape(shape, matrix=False), dtype=_check_dtype(dtype))


def constant(shape, value: float = 0.0, dtype=np.float64) -> np.ndarray:
    """Array of `shape` (any shape) filled with `value`. Every unit starts identical."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"value must be a number, got {type(value).__name__}.") from None
    if not math.isfinite(v):
        raise ValueError(f"value must be finite, got {value!r}.")
    return np.full(_check_shape(shape, matrix=False), v, dtype=_check_dtype(dtype))


def normal(shape, std: float = 1.0, rng=None, gain: float = 1.0, dtype=np.float64) -> np.ndarray:
    """Samples of N(0, (gain * std)**2) with `shape` (any shape); the scale ignores the fans."""
    shape = _check_shape(shape, matrix=False)
    std = check_positive(std, "std")
    scale = _check_gain(gain) * std
    dt = _check_dtype(dtype)
    rng = check_rng(rng)
    return (rng.standard_normal(shape, dtype=dt) * dt.type(scale)).astype(dt, copy=False)


def _scaled_normal(shape, rng, gain, dtype, mode, c) -> np.ndarray:
    n_out, n_in = _check_shape(shape, matrix=True)
    var = _check_gain(gain) ** 2 * c / _fan(n_in, n_out, mode)
    dt = _check_dtype(dtype)
    rng = check_rng(rng)
    return rng.standard_normal((n_out, n_in), dtype=dt) * dt.type(math.sqrt(var))


def _scaled_uniform(shape, rng, gain, dtype, mode, c) -> np.ndarray:
    n_out, n_in = _check_shape(shape, matrix=True)
    var = _check_gain(gain) ** 2 * c / _fan(n_in, n_out, mode)
    limit = math.sqrt(3.0 * var)                      # Var(U(-a, a)) = a**2 / 3
    dt = _check_dtype(dtype)
    rng = check_rng(rng)
    u = rng.random((n_out, n_in), dtype=dt)           # U[0, 1)
    return (dt.type(2.0) * u - dt.type(1.0)) * dt.type(limit)


def lecun_normal(shape, rng=None, gain: float = 1.0, dtype=np.float64, mode: str = "fan_in") -> np.ndarray:
    """LeCun normal: W ~ N(0, gain**2 / fan), fan = n_in by default. Shape (n_out, n_in).

    Keeps Var(z) constant through linear (or tanh near 0) layers: n_in * Var(W) = 1.
    """
    return _scaled_normal(shape, rng, gain, dtype, mode, 1.0)


def xavier_normal(shape, rng=None, gain: float = 1.0, dtype=np.float64, mode: str = "average") -> np.ndarray:
    """Xavier/Glorot normal: W ~ N(0, gain**2 * 2 / (n_in + n_out)). Shape (n_out, n_in).

    The compromise between keeping forward variance (1 / n_in) and backward variance
    (1 / n_out) constant. `mode` may select one fan instead of the average.
    """
    return _scaled_normal(shape, rng, gain, dtype, mode, 1.0)


def xavier_uniform(shape, rng=None, gain: float = 1.0, dtype=np.float64, mode: str = "average") -> np.ndarray:
    """Xavier/Glorot uniform: W ~ U(-a, a), a = gain * sqrt(6 / (n_in + n_out)). Shape (n_out, n_in).

    Same variance as xavier_normal: a**2 / 3 = gain**2 * 2 / (n_in + n_out).
    """
    return _scaled_uniform(shape, rng, gain, dtype, mode, 1.0)


def he_normal(shape, rng=None, gain: float = 1.0, dtype=np.float64, mode: str = "fan_in") -> np.ndarray:
    """He/Kaiming normal: W ~ N(0, gain**2 * 2 / fan), fan = n_in by default. Shape (n_out, n_in).

    The 2 makes up for ReLU zeroing half of the pre-activations (halving the second moment).
    mode="average" gives 4 / (n_in + n_out).
    """
    return _scaled_normal(shape, rng, gain, dtype, mode, 2.0)


def he_uniform(shape, rng=None, gain: float = 1.0, dtype=np.float64, mode: str = "fan_in") -> np.ndarray:
    """He/Kaiming uniform: W ~ U(-a, a), a = gain * sqrt(6 / fan), fan = n_in by default.

    Shape (n_out, n_in); same variance as he_normal: a**2 / 3 = gain**2 * 2 / fan.
    """
    return _scaled_uniform(shape, rng, gain, dtype, mode, 2.0)


# ----------------------------------------------------------------------------- by name

# name -> (function, c in Var(W) = gain**2 * c / fan, default mode); None: not variance-scaling
INITIALIZERS = {
    "zeros": (zeros, None, None),
    "constant": (constant, None, None),
    "normal": (normal, None, None),
    "lecun_normal": (lecun_normal, 1.0, "fan_in"),
    "xavier_normal": (xavier_normal, 1.0, "average"),
    "xavier_uniform": (xavier_uniform, 1.0, "average"),
    "he_normal": (he_normal, 2.0, "fan_in"),
    "he_uniform": (he_uniform, 2.0, "fan_in"),
}


def _check_name(name) -> str:
    if not isinstance(name, str):
        raise TypeError(f"name must be a string naming an initializer, got {type(name).__name__}.")
    return check_choice(name, "initializer", tuple(INITIALIZERS))


def initialize(name: str, shape, rng=None, gain: float = 1.0, dtype=np.float64, **kwargs) -> np.ndarray:
    """Call the initializer called `name` (one of INITIALIZERS) for `shape`.

    `kwargs` are passed on: `mode=` for the variance-scaling schemes, `std=` for "normal",
    `value=` for "constant". `rng` and `gain` are ignored by "zeros" and "constant".
    Raises ValueError listing the known names for an unknown one.
    """
    fn = INITIALIZERS[_check_name(name)][0]
    if name == "zeros":
        _reject_extra(name, kwargs, ())
        return zeros(shape, dtype=dtype)
    if name == "constant":
        _reject_extra(name, kwargs, ("value",))
        return constant(shape, dtype=dtype, **kwargs)
    if name == "normal":
        _reject_extra(name, kwargs, ("std",))
        return normal(shape, rng=rng, gain=gain, dtype=dtype, **kwargs)
    _reject_extra(name, kwargs, ("mode",))
    return fn(shape, rng=rng, gain=gain, dtype=dtype, **kwargs)


def _reject_extra(name, kwargs, allowed) -> None:
    extra = sorted(set(kwargs) - set(allowed))
    if extra:
        ok = ", ".join(allowed) if allowed else "no extra arguments"
        raise TypeError(f"initializer {name!r} does not take {', '.join(extra)} (it takes {ok}).")


def weight_variance(name: str, n_in: int, n_out: int, gain: float = 1.0, mode: str | None = None,
                    std: float = 1.0, value: float = 0.0) -> float:
    """The variance of one weight under scheme `name` for a matrix (n_out, n_in).

    Variance-scaling schemes: gain**2 * c / fan(mode) (c = 1 LeCun/Xavier, 2 He; `mode`
    defaults to the scheme's own). "normal": (gain * std)**2. "zeros"/"constant": 0.
    """
    fn, c, default_mode = INITIALIZERS[_check_name(name)]
    for arg, val in (("n_in", n_in), ("n_out", n_out)):
        if not isinstance(val, (int, np.integer)) or isinstance(val, bool) or val <= 0:
            raise ValueError(f"{arg} must be a positive int, got {val!r}.")
    gain = _check_gain(gain)
    if name in ("zeros", "constant"):
        return 0.0
    if name == "normal":
        return (gain * check_positive(std, "std")) ** 2
    return gain ** 2 * c / _fan(int(n_in), int(n_out), default_mode if mode is None else mode)
