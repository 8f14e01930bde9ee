"""Learning-rate schedules.

    step_decay(epoch, lr0, factor=0.5, every=10) = lr0 * factor ** (epoch // every)

Epochs are counted from 0: with the defaults, epochs 0..9 use lr0, epochs 10..19 use
lr0 / 2, epochs 20..29 use lr0 / 4, and so on.

`StepDecay` wraps the same rule for a training loop that owns an optimizer object:

    sched = StepDecay(opt, lr0=0.05)         # opt.lr is set to 0.05
    for epoch in range(30):
        sched.set_epoch(epoch)               # opt.lr = step_decay(epoch, 0.05)
        ...
"""

from __future__ import annotations

import numbers

from backprop._validate import check_positive

__all__ = ["step_decay", "StepDecay"]


def _check_epoch(epoch) -> int:
    if isinstance(epoch, bool) or not isinstance(epoch, numbers.Integral):
        raise TypeError(f"epoch must be an int (epochs count from 0), got {type(epoch).__name__}.")
    if epoch < 0:
        raise ValueError(f"epoch must be >= 0 (epochs count from 0), got {epoch}.")
    return int(epoch)


def _check_every(every) -> int:
    if isinstance(every, bool) or not isinstance(every, numbers.Integral) or every < 1:
        raise ValueError(f"every must be a positive int (epochs per decay), got {every!r}.")
    return int(every)


def _check_factor(factor) -> float:
    f = check_positive(factor, "factor")
    if f > 1:
        raise ValueError(f"factor must be in (0, 1] (a decay), got {factor!r}.")
    return f


def step_decay(epoch, lr0, factor=0.5, every=10) -> float:
    """Learning rate at `epoch` (counted from 0): `lr0 * factor ** (epoch // every)`.

    epoch: int >= 0. lr0: the initial learning rate, > 0. factor: the multiplier applied
    every `every` epochs, in (0, 1]. Returns a Python float.
    """
    epoch = _check_epoch(epoch)
    lr0 = check_positive(lr0, "lr0")
    factor = _check_factor(factor)
    every = _check_every(every)
    return lr0 * factor ** (epoch // every)


class StepDecay:
    """Sets `optimizer.lr` from `step_decay` each time `set_epoch(epoch)` is called."""

    def __init__(self, optimizer, lr0, factor=0.5, every=10):
        if not hasattr(optimizer, "lr"):
            raise TypeError(f"optimizer must have an `lr` attribute, got {type(optimizer).__name__}.")
        self.optimizer = optimizer
        self.lr0 = check_positive(lr0, "lr0")
        self.factor = _check_factor(factor)
        self.every = _check_every(every)
        self.set_epoch(0)

    def lr(self, epoch) -> float:
        """The learning rate of `epoch` under this schedule."""
        return step_decay(epoch, self.lr0, self.factor, self.every)

    def set_epoch(self, epoch) -> float:
        """Set the optimizer's learning rate for `epoch` and return it."""
        self.optimizer.lr = self.lr(epoch)
        return self.optimizer.lr
