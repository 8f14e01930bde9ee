"""Optimizers: pure update rules and the objects that apply them to a model's parameters.

Every update rule has the same signature,

    w_next, state_next = rule(w, dw, state, **hyper)

`w` is a parameter array, `dw` its gradient (same shape), `state` the rule's memory (a dict
of arrays and counters, `None` on the first call). Nothing passed in is modified: the rule
returns a new array and a new state dict. The dtype of `w` (float32 or float64) is kept.

Conventions (the ones PyTorch uses; other libraries differ, so they are stated here and
tested):

    SGD        w = w - lr g
    momentum   v = beta v + g;                 w = w - lr v
    Nesterov   v = beta v + g;                 w = w - lr (g + beta v)
    RMSProp    s = rho s + (1 - rho) g^2;      w = w - lr g / (sqrt(s) + eps)
    Adam       t = t + 1  (the first step has t = 1)
               m = beta1 m + (1 - beta1) g;    v = beta2 v + (1 - beta2) g^2
               mhat = m / (1 - beta1^t);       vhat = v / (1 - beta2^t)
               w = w - lr mhat / (sqrt(vhat) + eps)       (eps outside the square root)
    AdamW      Adam, and the decoupled decay  w = w - lr wd w  (w before the step)

The velocity, the running means and the step counter start at zero.

The objects (`SGD`, `Momentum`, `Nesterov`, `RMSProp`, `Adam`, `AdamW`) keep one state per
parameter and update a list (or dict) of arrays in place:

    opt = Adam(lr=1e-3)
    opt.step(params, grads)        # params[i] -= ... for every i, in place

An object's step gives the same numbers as its pure rule, bit for bit, but writes into the
parameter, its state arrays and two scratch arrays per parameter kept between steps, so a
training step allocates nothing here. A gradient of another float dtype is first cast to the
parameter's dtype (as the pure rules cast `dw` to `w`'s): a float32 parameter stays float32
and is updated in float32 arithmetic.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from backprop._validate import as_array, check_positive, check_same_shape, shape_str

__all__ = [
    "sgd_update", "momentum_update", "nesterov_update", "rmsprop_update", "adam_update",
    "adamw_update", "Optimizer", "SGD", "Momentum", "Nesterov", "RMSProp", "Adam", "AdamW",
]


# --------------------------------------------------------------------------- argument checks

def _check_decay(value, name: str) -> float:
    """A decay rate (momentum, rho, beta1, beta2) must be a number in [0, 1)."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number in [0, 1), got {type(value).__name__}.") from None
    if not (0.0 <= v < 1.0):
        raise ValueError(f"{name} must be in [0, 1), got {value!r}.")
    return v


def _check_pair(w, dw):
    """Return (w, dw) as float arrays of the same shape; dw takes w's dtype."""
    w = as_array(w, "w")
    dw = as_array(dw, "dw")
    check_same_shape(dw, "dw", w, "w")
    if dw.dtype != w.dtype:
        dw = dw.astype(w.dtype)
    return w, dw


def _check_state(state, keys: tuple[str, ...], w: np.ndarray, rule: str) -> dict | None:
    """None, or a dict holding `keys`; array entries must have w's shape."""
    if state is None:
        return None
    if not isinstance(state, Mapping):
        raise TypeError(
            f"state must be None (first call) or the dict returned by the previous "
            f"{rule} call, got {type(state).__name__}."
        )
    missing = [k for k in keys if k not in state]
    if missing:
        raise ValueError(
            f"state for {rule} must hold the keys {list(keys)}; missing {missing}. Pass None on "
            f"the first call and then the state the previous call returned."
        )
    for k in keys:
        if k == "t":
            continue
        if np.shape(state[k]) != w.shape:
            raise ValueError(
                f"state[{k!r}] has shape {shape_str(np.shape(state[k]))} but w has shape "
                f"{shape_str(w.shape)}; is this the state of another parameter?"
            )
    return state


# --------------------------------------------------------------------------- update rules

def sgd_update(w, dw, state=None, *, lr=1e-2):
    """Plain gradient descent: `w_next = w - lr * dw`.

    w, dw: arrays of the same shape (any). state: ignored (SGD has no memory); an empty dict
    is returned so every rule can be called the same way. Returns (w_next, {}).
    """
    w, dw = _check_pair(w, dw)
    lr = check_positive(lr, "lr")
    if state is not None and not isinstance(state, Mapping):
        raise TypeError(f"state must be None or a dict, got {type(state).__name__}.")
    return w - lr * dw, {}


def momentum_update(w, dw, state=None, *, lr=1e-2, beta=0.9):
    """Heavy-ball momentum, PyTorch form: `v = beta * v + dw; w_next = w - lr * v`.

    The velocity `v` is a running (decaying) sum of gradients, not an average: with a
    constant gradient g it tends to g / (1 - beta). v starts at 0, so the first step equals
    SGD's. w, dw: same shape. state: None or {"v": array like w}. Returns (w_next, {"v": v}).
    """
    w, dw = _check_pair(w, dw)
    lr = check_positive(lr, "lr")
    beta = _check_decay(beta, "beta")
    state = _check_state(state, ("v",), w, "momentum_update")
    v = dw.copy() if state is None else beta * np.asarray(state["v"], dtype=w.dtype) + dw
    return w - lr * v, {"v": v}


def nesterov_update(w, dw, state=None, *, lr=1e-2, beta=0.9):
    """Nesterov momentum, PyTorch form: `v = beta * v + dw; w_next = w - lr * (dw + beta * v)`.

    This is the look-ahead method rewritten so that the gradient is taken at the current
    weights: the step uses the new velocity once more, damped by beta. v starts at 0.
    w, dw: same shape. state: None or {"v": array like w}. Returns (w_next, {"v": v}).
    """
    w, dw = _check_pair(w, dw)
    lr = check_positive(lr, "lr")
    beta = _check_decay(beta, "beta")
    state = _check_state(state, ("v",), w, "nesterov_update")
    v = dw.copy() if state is None else beta * np.asarray(state["v"], dtype=w.dtype) + dw
    return w - lr * (dw + beta * v), {"v": v}


def rmsprop_update(w, dw, state=None, *, lr=1e-3, rho=0.9, eps=1e-8):
    """RMSProp: `s = rho * s + (1 - rho) * dw**2; w_next = w - lr * dw / (sqrt(s) + eps)`.

    `s` is a running mean of squared gradients (starting at 0, no bias correction), so each
    entry of w gets its own step size lr / sqrt(s). eps is added outside the square root.
    w, dw: same shape. state: None or {"s": array like w}. Returns (w_next, {"s": s}).
    """
    w, dw = _check_pair(w, dw)
    lr = check_positive(lr, "lr")
    rho = _check_decay(rho, "rho")
    eps = check_positive(eps, "eps", allow_zero=True)
    state = _check_state(state, ("s",), w, "rmsprop_update")
    s_prev = np.zeros_like(w) if state is None else np.asarray(state["s"], dtype=w.dtype)
    s = rho * s_prev + (1 - rho) * dw * dw
    return w - lr * dw / (np.sqrt(s) + eps), {"s": s}


def _adam_moments(w, dw, state, beta1, beta2, rule):
    state = _check_state(state, ("m", "v", "t"), w, rule)
    if state is None:
        m_prev, v_prev, t = np.zeros_like(w), np.zeros_like(w), 0
    else:
        m_prev = np.asarray(state["m"], dtype=w.dtype)
        v_prev = np.asarray(state["v"], dtype=w.dtype)
        t = int(state["t"])
    t += 1                                          # the first step has t = 1
    m = beta1 * m_prev + (1 - beta1) * dw
    v = beta2 * v_prev + (1 - beta2) * dw * dw
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    return m_hat, v_hat, {"m": m, "v": v, "t": t}


def adam_update(w, dw, state=None, *, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    """Adam with bias correction, eps outside the square root of vhat (PyTorch style).

        t = t + 1                       (t counts steps; the first step has t = 1)
        m = beta1 m + (1 - beta1) dw     v = beta2 v + (1 - beta2) dw^2      (m, v start at 0)
        mhat = m / (1 - beta1^t)         vhat = v / (1 - beta2^t)
        w_next = w - lr mhat / (sqrt(vhat) + eps)

    On the first step mhat = dw and vhat = dw^2, so every entry moves by about lr.
    w, dw: same shape. state: None or {"m", "v": arrays like w, "t": int}.
    Returns (w_next, {"m": m, "v": v, "t": t}).
    """
    w, dw = _check_pair(w, dw)
    lr = check_positive(lr, "lr")
    beta1 = _check_decay(beta1, "beta1")
    beta2 = _check_decay(beta2, "beta2")
    eps = check_positive(eps, "eps", allow_zero=True)
    m_hat, v_hat, new_state = _adam_moments(w, dw, state, beta1, beta2, "adam_update")
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), new_state


def adamw_update(w, dw, state=None, *, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8,
                 weight_decay=1e-2):
    """AdamW: Adam's step plus a decoupled weight decay (not added to the gradient).

        w_next = w - lr * (mhat / (sqrt(vhat) + eps) + weight_decay * w)

    with mhat, vhat exactly as in `adam_update` and `w` the weights before the step.
    Same state as Adam. Returns (w_next, {"m": m, "v": v, "t": t}).
    """
    w, dw = _check_pair(w, dw)
    lr = check_positive(lr, "lr")
    beta1 = _check_decay(beta1, "beta1")
    beta2 = _check_decay(beta2, "beta2")
    eps = check_positive(eps, "eps", allow_zero=True)
    weight_decay = check_positive(weight_decay, "weight_decay", allow_zero=True)
    m_hat, v_hat, new_state = _adam_moments(w, dw, state, beta1, beta2, "adamw_update")
    return w - lr * (m_hat / (np.sqrt(v_hat) + eps) + weight_decay * w), new_state


# --------------------------------------------------------------------------- objects

class Optimizer:
    """Applies one update rule to many parameters in place, keeping one state per parameter.

    Subclasses set `rule` (a pure update function) and `_checks` (how each hyperparameter
    is validated). Hyperparameters are attributes, so a schedule can change them between
    steps: `opt.lr = step_decay(epoch, lr0)`.
    """

    rule = staticmethod(sgd_update)
    _checks: dict = {}

    def __init__(self, **hyper):
        self.hyper = {}
        for name, value in hyper.items():
            self.hyper[name] = self._checks[name](value, name)
        self.state: dict = {}
        self._buffers: dict = {}

    def __getattr__(self, name):
        hyper = self.__dict__.get("hyper", {})
        if name in hyper:
            return hyper[name]
        raise AttributeError(f"{type(self).__name__} has no attribute {name!r}")

    def __setattr__(self, name, value):
        if name in type(self)._checks:
            self.hyper[name] = self._checks[name](value, name)
        else:
            object.__setattr__(self, name, value)

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.hyper.items())
        return f"{type(self).__name__}({args})"

    def reset(self) -> None:
        """Forget every parameter's state (velocity, running means, step count)."""
        self.state = {}
        self._buffers = {}

    def step(self, params, grads) -> None:
        """Update every array of `params` in place from the matching array of `grads`.

        params, grads: lists (or tuples) of arrays, or dicts with the same keys; grads[i]
        must have the shape of params[i]. The state of params[i] is kept under key i, so
        pass the parameters in the same order (or with the same keys) at every step.
        Every pair is checked before any parameter is changed.
        """
        if isinstance(params, Mapping):
            if not isinstance(grads, Mapping) or set(grads) != set(params):
                raise ValueError(
                    "params is a dict, so grads must be a dict with the same keys; got "
                    f"params keys {sorted(map(str, params))} and grads "
                    f"{sorted(map(str, grads)) if isinstance(grads, Mapping) else type(grads).__name__}."
                )
            pairs = [(k, params[k], grads[k]) for k in params]
        else:
            params, grads = list(params), list(grads)
            if len(params) != len(grads):
                raise ValueError(
                    f"params and grads must have the same length, got {len(params)} and {len(grads)}."
                )
            pairs = [(i, p, g) for i, (p, g) in enumerate(zip(params, grads))]
        checked = []
        for key, p, g in pairs:                    # check everything before changing anything
            if not isinstance(p, np.ndarray) or p.dtype.kind != "f":
                raise TypeError(
                    f"params[{key!r}] must be a float numpy array (updated in place), got "
                    f"{type(p).__name__}{'' if not isinstance(p, np.ndarray) else ' of dtype ' + str(p.dtype)}."
                )
            if not (isinstance(g, np.ndarray) and g.dtype == p.dtype):
                g = as_array(g, f"grads[{key!r}]")
                if g.dtype != p.dtype:
                    g = g.astype(p.dtype)          # as the pure rules cast dw to w's dtype
            if g.shape != p.shape:
                raise ValueError(
                    f"grads[{key!r}] must have the shape of params[{key!r}], "
                    f"{shape_str(p.shape)}, got {shape_str(g.shape)}."
                )
            checked.append((key, p, g))
        for key, p, g in checked:
            self._update(key, p, g)

    def _update(self, key, p: np.ndarray, g: np.ndarray) -> None:
        """Apply the rule to one parameter p (in place) with gradient g (p's shape and dtype).

        This generic version calls the pure rule and copies its result into p; the built-in
        optimizers override it with in-place arithmetic that gives the same numbers.
        """
        w_next, self.state[key] = self.rule(p, g, self.state.get(key), **self.hyper)
        p[...] = w_next

    def _scratch(self, key, p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Two work arrays like p for parameter `key`, kept between steps."""
        bufs = self._buffers.get(key)
        if bufs is None or bufs[0].shape != p.shape or bufs[0].dtype != p.dtype:
            bufs = self._buffers[key] = (np.empty_like(p), np.empty_like(p))
        return bufs

    def _state_array(self, key, name: str, p: np.ndarray) -> np.ndarray | None:
        """self.state[key][name] as an array this optimizer may update in place (None if no state).

        A state set from outside (a list, another dtype, a pure rule's result) is copied once.
        """
        state = self.state.get(key)
        if state is None:
            return None
        arr = state[name]
        if not (isinstance(arr, np.ndarray) and arr.dtype == p.dtype and arr.shape == p.shape
                and arr.flags.writeable and arr is not p):
            _check_state(state, tuple(state), p, f"{type(self).__name__}.step")
            arr = state[name] = np.array(arr, dtype=p.dtype)
        return arr


_lr = check_positive


def _eps(value, name):
    return check_positive(value, name, allow_zero=True)


class SGD(Optimizer):
    """In-place SGD: `p -= lr * g` for every parameter (see `sgd_update`)."""

    rule = staticmethod(sgd_update)
    _checks = {"lr": _lr}

    def __init__(self, lr=1e-2):
        super().__init__(lr=lr)

    def _update(self, key, p, g):
        step, _ = self._scratch(key, p)
        np.multiply(g, self.hyper["lr"], out=step)
        p -= step
        self.state[key] = {}


class Momentum(Optimizer):
    """In-place heavy-ball momentum, PyTorch form (see `momentum_update`)."""

    rule = staticmethod(momentum_update)
    _checks = {"lr": _lr, "beta": _check_decay}

    def __init__(self, lr=1e-2, beta=0.9):
        super().__init__(lr=lr, beta=beta)

    def _update(self, key, p, g):
        v = _velocity(self, key, p, g)
        step, _ = self._scratch(key, p)
        np.multiply(v, self.hyper["lr"], out=step)
        p -= step


class Nesterov(Optimizer):
    """In-place Nesterov momentum, PyTorch form (see `nesterov_update`)."""

    rule = staticmethod(nesterov_update)
    _checks = {"lr": _lr, "beta": _check_decay}

    def __init__(self, lr=1e-2, beta=0.9):
        super().__init__(lr=lr, beta=beta)

    def _update(self, key, p, g):
        v = _velocity(self, key, p, g)
        step, _ = self._scratch(key, p)
        np.multiply(v, self.hyper["beta"], out=step)     # dw + beta v
        step += g
        step *= self.hyper["lr"]
        p -= step


class RMSProp(Optimizer):
    """In-place RMSProp, eps outside the square root (see `rmsprop_update`)."""

    rule = staticmethod(rmsprop_update)
    _checks = {"lr": _lr, "rho": _check_decay, "eps": _eps}

    def __init__(self, lr=1e-3, rho=0.9, eps=1e-8):
        super().__init__(lr=lr, rho=rho, eps=eps)

    def _update(self, key, p, g):
        h = self.hyper
        s = self._state_array(key, "s", p)
        if s is None:
            s = np.zeros_like(p)
            self.state[key] = {"s": s}
        step, denom = self._scratch(key, p)
        s *= h["rho"]                                    # s = rho s + (1 - rho) g^2
        np.multiply(g, 1 - h["rho"], out=step)
        step *= g
        s += step
        np.sqrt(s, out=denom)                            # lr g / (sqrt(s) + eps)
        denom += h["eps"]
        np.multiply(g, h["lr"], out=step)
        step /= denom
        p -= step


class Adam(Optimizer):
    """In-place Adam with bias correction, eps outside the square root (see `adam_update`)."""

    rule = staticmethod(adam_update)
    _checks = {"lr": _lr, "beta1": _check_decay, "beta2": _check_decay, "eps": _eps}

    def __init__(self, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        super().__init__(lr=lr, beta1=beta1, beta2=beta2, eps=eps)

    def _update(self, key, p, g):
        step, denom = _adam_step_in_place(self, key, p, g)
        step *= self.hyper["lr"]                         # (lr mhat) / (sqrt(vhat) + eps)
        step /= denom
        p -= step


class AdamW(Optimizer):
    """In-place AdamW, decoupled weight decay (see `adamw_update`)."""

    rule = staticmethod(adamw_update)
    _checks = {"lr": _lr, "beta1": _check_decay, "beta2": _check_decay, "eps": _eps,
               "weight_decay": _eps}

    def __init__(self, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=1e-2):
        super().__init__(lr=lr, beta1=beta1, beta2=beta2, eps=eps, weight_decay=weight_decay)

    def _update(self, key, p, g):
        step, denom = _adam_step_in_place(self, key, p, g)
        step /= denom                                    # mhat / (sqrt(vhat) + eps) + wd w
        np.multiply(p, self.hyper["weight_decay"], out=denom)
        step += denom
        step *= self.hyper["lr"]
        p -= step


def _velocity(opt: Optimizer, key, p: np.ndarray, g: np.ndarray) -> np.ndarray:
    """Momentum and Nesterov: v = beta v + g in place (v = g on the first step); returns v."""
    v = opt._state_array(key, "v", p)
    if v is None:
        v = g.copy()
        opt.state[key] = {"v": v}
    else:
        v *= opt.hyper["beta"]
        v += g
    return v


def _adam_step_in_place(opt: Optimizer, key, p: np.ndarray, g: np.ndarray):
    """Adam and AdamW: update m, v, t in place; return scratch arrays (mhat, sqrt(vhat) + eps)."""
    h = opt.hyper
    m = opt._state_array(key, "m", p)
    if m is None:
        m, t = np.zeros_like(p), 0
        opt.state[key] = {"m": m, "v": np.zeros_like(p), "t": 0}
    else:
        t = int(opt.state[key]["t"])
    v = opt._state_array(key, "v", p)
    t += 1                                               # the first step has t = 1
    opt.state[key]["t"] = t
    mhat, denom = opt._scratch(key, p)
    m *= h["beta1"]                                      # m = beta1 m + (1 - beta1) g
    np.multiply(g, 1 - h["beta1"], out=mhat)
    m += mhat
    v *= h["beta2"]                                      # v = beta2 v + (1 - beta2) g^2
    np.multiply(g, 1 - h["beta2"], out=denom)
    denom *= g
    v += denom
    np.divide(m, 1 - h["beta1"] ** t, out=mhat)
    np.divide(v, 1 - h["beta2"] ** t, out=denom)         # vhat
    np.sqrt(denom, out=denom)
    denom += h["eps"]
    return mhat, denom
