"""One SGD training step of an MLP 784-256-256-10 (batch 128) against its matrix products.

    OPENBLAS_NUM_THREADS=1 python bench/step_benchmark.py [--repeats 60] [--inner 5]

For float32 and float64 this times, in one process and interleaved round by round:

- step:   backprop.mlp.MLP forward, softmax_cross_entropy, backward (every dW, db and
          dX), and the SGD update p -= lr * g of every parameter (g scaled in place);
- floor:  the same step's nine matrix products alone, on arrays of the same shapes
          (3 forward A @ W.T, 3 dZ @ W, 3 dZ.T @ A): what numpy cannot go below;
- torch:  the same step in PyTorch on the CPU, if torch is importable (optional).

It prints the median time per step and the ratios step / floor (target <= 1.15) and
step / torch; the ratio of the fastest samples is printed too (less sensitive to other
processes). Interleaving means machine load affects all three alike.
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np

from backprop.losses import softmax_cross_entropy
from backprop.mlp import MLP

SIZES = (784, 256, 256, 10)
BATCH = 128
LR = 0.01


def make_step(dtype, rng):
    net = MLP(SIZES, activation="relu", init="he_normal", rng=rng, dtype=dtype)
    X = rng.standard_normal((BATCH, SIZES[0])).astype(dtype)
    y = rng.integers(0, SIZES[-1], BATCH)
    params = net.parameters()

    def step():
        logits = net.forward(X)
        _, dlogits = softmax_cross_entropy(logits, y)
        net.backward(dlogits)
        for p, g in zip(params, net.gradients()):
            g *= LR               # scale the fresh gradient in place: no temporary array
            p -= g

    return step


def make_floor(dtype, rng):
    """The step's matrix products alone, with the same shapes and dtype."""
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


def make_torch_step(dtype, rng):
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(int(os.environ.get("OPENBLAS_NUM_THREADS", "0")) or torch.get_num_threads())
    tdtype = torch.float32 if dtype == np.float32 else torch.float64
    torch.manual_seed(int(rng.integers(2**31)))
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 10)).to(tdtype)
    opt = torch.optim.SGD(model.parameters(), lr=LR)
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


def run(dtype, repeats, inner, seed=0):
    rng = np.random.default_rng(seed)
    fns = {"step": make_step(dtype, rng), "floor": make_floor(dtype, rng)}
    torch_step = make_torch_step(dtype, rng)
    if torch_step is not None:
        fns["torch"] = torch_step
    for fn in fns.values():           # warm up (allocator, BLAS buffers)
        for _ in range(3):
            fn()
    times = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            times[name].append(time_once(fn, inner))
    return ({name: float(np.median(t)) for name, t in times.items()},
            {name: float(np.min(t)) for name, t in times.items()})


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=60, help="interleaved rounds (median taken)")
    parser.add_argument("--inner", type=int, default=5, help="calls per timed sample")
    args = parser.parse_args(argv)
    print(f"MLP {'-'.join(map(str, SIZES))}, batch {BATCH}; numpy {np.__version__}; "
          f"{platform.processor() or platform.machine()}; "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', '(default)')}")
    for dtype in (np.float32, np.float64):
        med, best = run(dtype, args.repeats, args.inner)
        line = (f"{np.dtype(dtype).name:8s} step {med['step'] * 1e3:7.3f} ms   "
                f"matmuls {med['floor'] * 1e3:7.3f} ms   step/matmuls {med['step'] / med['floor']:.3f} "
                f"(fastest samples: {best['step'] / best['floor']:.3f})")
        if "torch" in med:
            line += f"   torch {med['torch'] * 1e3:7.3f} ms   step/torch {med['step'] / med['torch']:.3f}"
        else:
            line += "   (torch not installed)"
        print(line, flush=True)


if __name__ == "__main__":
    main()
