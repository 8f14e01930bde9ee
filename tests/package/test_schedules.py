"""backprop.schedules: step decay counted from epoch 0."""

import pytest

from backprop_reference import optim
from backprop_reference.schedules import StepDecay, step_decay


def test_step_decay_halves_every_10_epochs_from_epoch_0():
    lrs = [step_decay(e, 0.1) for e in range(31)]
    assert lrs[:10] == [0.1] * 10                  # epochs 0..9: no decay yet
    assert lrs[10:20] == [0.05] * 10               # first halving exactly at epoch 10
    assert lrs[20:30] == [0.025] * 10
    assert lrs[30] == 0.1 / 8


@pytest.mark.parametrize("epoch, factor, every", [(0, 0.1, 3), (5, 0.1, 3), (6, 0.3, 3), (99, 0.9, 7)])
def test_step_decay_formula(epoch, factor, every):
    k = 0
    e = epoch
    while e >= every:                              # count completed periods by subtraction
        e -= every
        k += 1
    expected = 2.0
    for _ in range(k):
        expected *= factor
    assert step_decay(epoch, 2.0, factor=factor, every=every) == pytest.approx(expected, rel=1e-14)


def test_step_decay_object_sets_optimizer_lr():
    opt = optim.SGD(lr=1.0)
    sched = StepDecay(opt, lr0=0.2, factor=0.5, every=2)
    assert opt.lr == 0.2
    seen = [sched.set_epoch(e) for e in range(6)]
    assert seen == [0.2, 0.2, 0.1, 0.1, 0.05, 0.05]
    assert opt.lr == 0.05


@pytest.mark.parametrize("kwargs, match", [
    (dict(epoch=-1, lr0=0.1), "epoch must be >= 0"),
    (dict(epoch=1.5, lr0=0.1), "epoch must be an int"),
    (dict(epoch=1, lr0=0.0), "lr0"),
    (dict(epoch=1, lr0=0.1, factor=1.5), "factor"),
    (dict(epoch=1, lr0=0.1, factor=0.0), "factor"),
    (dict(epoch=1, lr0=0.1, every=0), "every"),
])
def test_bad_arguments_are_named(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        step_decay(**kwargs)
