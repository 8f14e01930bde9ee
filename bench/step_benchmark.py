"""Training steps of an MLP 784-256-256-10 (batch 128) with the optimizer objects, against
the step's matrix products alone and (optionally) PyTorch.

    OPENBLAS_NUM_THREADS=1 python bench/step_benchmark.py [--repeats 40] [--inner 5]

For float32 and float64 this times, in one process and interleaved round by round (so
machine load affects every variant alike):

- grads:      backprop.mlp.MLP forward, softmax_cross_entropy and backward (every dW, db
              and dX): a step without its update;
- by hand:    grads, then the hand-written in-place SGD update `g *= lr; p -= g`;
- SGD, Momentum, Adam (and with --all Nesterov, RMSProp, AdamW): grads, then the optimizer
              object as a student calls it, `opt.step(net.parameters(), net.gradients())`;
- SGD via rule: grads, then the generic path `p[...] = sgd_update(p, g)[0]` (a new array
              per parameter, copied back): what SGD.step did before it updated in place;
- matmuls:    the step's nine matrix products alone on arrays of the same shapes
              (3 forward A @ W.T, 3 dZ @ W, 3 dZ.T @ A): what numpy cannot go below;
- torch:      each optimizer's step in PyTorch on the CPU (torch.optim.SGD, SGD with
              momentum, Adam, ...), if torch is importable (optional; never required).

It prints the median time per step, step / matmuls, the share of the step spent in the
update ((step - grads) / step), and step / torch for the same optimizer. The ratio of the
fastest samples is printed too (less sensitive to other processes).
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np

from backprop_reference import optim
from backprop_reference.losses import softmax_cross_entropy
from backprop.mlp import MLP

SIZES = (784, 256, 256, 10)
BATCH = 128
LR = 0.01

# name -> (backprop optimizer factory, torch optimizer factory taking (params, torch))
OPTIMIZERS = {
    "SGD": (lambda: optim.SGD(lr=LR), lambda ps, t: t.optim.SGD(ps, lr=LR)),
    "Momentum": (lambda: optim.Momentum(lr=LR, beta=0.9),
                 lambda ps, t: t.optim.SGD(ps, lr=LR, momentum=0.9)),
    "Adam": (lambda: optim.Adam(lr=1e-3), lambda ps, t: t.optim.Adam(ps, lr=1e-3)),
}
MORE_OPTIMIZERS = {
    "Nesterov": (lambda: optim.Nesterov(lr=LR, beta=0.9),
                 lambda ps, t: t.optim.SGD(ps, lr=LR, momentum=0.9, nesterov=True)),
    "RMSProp": (lambda: optim.RMSProp(lr=1e-3, rho=0.9),
                lambda ps, t: t.optim.RMSprop(ps, lr=1e-3, alpha=0.9, eps=1e-8)),
    "AdamW": (lambda: optim.AdamW(lr=1e-3, weight_decay=1e-2),
              lambda ps, t: t.optim.AdamW(ps, lr=1e-3, weight_decay=1e-2)),
}


class _SGDViaRule(optim.SGD):
    """SGD through the generic Optimizer path: the pure rule, its result copied back."""
    _update = optim.Optimizer._update


def _problem(dtype, seed):
    rng = np.random.default_rng(seed)
    net = MLP(SIZES, activation="relu", init="he_normal", rng=rng, dtype=dtype)
    X = rng.standard_normal((BATCH, SIZES[0])).astype(dtype)
    y = rng.integers(0, SIZES[-1], BATCH)
    return net, X, y


def make_grads(dtype, seed):
    net, X, y = _problem(dtype, seed)

    def grads():
        _, dlogits = softmax_cross_entropy(net.forward(X), y)
        net.backward(dlogits)

    return grads


def make_by_hand(dtype, seed):
    net, X, y = _problem(dtype, seed)

    def step():
        _, dlogits = softmax_cross_entropy(net.forward(X), y)
        net.backward(dlogits)
        for p, g in zip(net.parameters(), net.gradients()):
            g *= LR               # scale the gradient in place: no temporary array
            p -= g

    return step


def make_opt_step(dtype, seed, make_opt):
    net, X, y = _problem(dtype, seed)
    opt = make_opt()

    def step():
        _, dlogits = softmax_cross_entropy(net.forward(X), y)
        net.backward(dlogits)
        opt.step(net.parameters(), net.gradients())

    return step


def make_floor(dtype, seed):
    """The step's matrix products alone, with the same shapes and dtype."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((BATCH, SIZES[0])).astype(dtype)
    Ws = [rng.standard_normal((n_out, n_in)).astype(dtype) * 0.05
          for n_in, n_out in zip(SIZES[:-1], SIZES[1:])]
    dZs = [rng.standard_normal((BATCH, n)).astype(dtype) for n in SIZES[1:]]

    def floor():
        A = X
        acts = []
        for W in Ws:                          # forward: Z = A @ W.T
            acts.append(A)
            A = A @ W.T
        for W, dZ, A in zip(reversed(Ws), reversed(dZs), reversed(acts)):
            dZ @ W                            # dA
            dZ.T @ A                          # dW

    return floor


def make_torch_step(dtype, seed, make_torch_opt):
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(int(os.environ.get("OPENBLAS_NUM_THREADS", "0")) or torch.get_num_threads())
    tdtype = torch.float32 if dtype == np.float32 else torch.float64
    torch.manual_seed(seed)
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 10)).to(tdtype)
    opt = make_torch_opt(model.parameters(), torch)
    X = torch.randn(BATCH, 784, dtype=tdtype)
    y = torch.randint(0, 10, (BATCH,))
    loss_fn = torch.nn.CrossEntropyLoss()

    def step():
        opt.zero_grad(set_to_none=True)
        loss_fn(model(X), y).backward()
        opt.step()

    return step


def time_once(fn, inner):
    t0 = time.perf_counter()
    for _ in range(inner):
        fn()
    return (time.perf_counter() - t0) / inner


def run(dtype, repeats, inner, optimizers, seed=0):
    fns = {"matmuls": make_floor(dtype, seed), "grads": make_grads(dtype, seed),
           "by hand": make_by_hand(dtype, seed),
           "SGD via rule": make_opt_step(dtype, seed, lambda: _SGDViaRule(lr=LR))}
    for name, (make_opt, make_torch_opt) in optimizers.items():
        fns[name] = make_opt_step(dtype, seed, make_opt)
        torch_step = make_torch_step(dtype, seed, make_torch_opt)
        if torch_step is not None:
            fns[f"torch {name}"] = torch_step
    for fn in fns.values():           # warm up (allocator, BLAS buffers, optimizer state)
        for _ in range(3):
            fn()
    times = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            times[name].append(time_once(fn, inner))
    return ({name: float(np.median(t)) for name, t in times.items()},
            {name: float(np.min(t)) for name, t in times.items()})


def report(dtype, med, best, optimizers):
    floor, grads = med["matmuls"], med["grads"]
    print(f"\n{np.dtype(dtype).name}: matmuls {floor * 1e3:.3f} ms, forward+loss+backward "
          f"{grads * 1e3:.3f} ms ({grads / floor:.3f} x matmuls)")
    print(f"  {'step':14s} {'ms':>8s} {'/matmuls':>9s} {'(fastest)':>10s} {'update share':>13s} "
          f"{'/torch':>8s}")
    for name in ("by hand", "SGD via rule", *optimizers):
        t = med[name]
        line = (f"  {name:14s} {t * 1e3:8.3f} {t / floor:9.3f} {best[name] / best['matmuls']:10.3f} "
                f"{(t - grads) / t:12.1%} ")
        torch_name = f"torch {name}"
        line += f"{t / med[torch_name]:8.3f}" if torch_name in med else f"{'-':>8s}"
        print(line)
    print(f"  SGD object / SGD via rule: {med['SGD'] / med['SGD via rule']:.3f}   "
          f"SGD object / by hand: {med['SGD'] / med['by hand']:.3f}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=40, help="interleaved rounds (median taken)")
    parser.add_argument("--inner", type=int, default=5, help="calls per timed sample")
    parser.add_argument("--all", action="store_true", help="also Nesterov, RMSProp and AdamW")
    args = parser.parse_args(argv)
    optimizers = {**OPTIMIZERS, **(MORE_OPTIMIZERS if args.all else {})}
    try:
        import torch
        torch_note = f"torch {torch.__version__}"
    except ImportError:
        torch_note = "torch not installed (no /torch column)"
    print(f"MLP {'-'.join(map(str, SIZES))}, batch {BATCH}; numpy {np.__version__}; {torch_note}; "
          f"{platform.processor() or platform.machine()}; "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', '(default)')}; "
          f"load average {os.getloadavg()[0]:.2f}")
    for dtype in (np.float32, np.float64):
        med, best = run(dtype, args.repeats, args.inner, optimizers)
        report(dtype, med, best, optimizers)


if __name__ == "__main__":
    main()
