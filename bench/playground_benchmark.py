"""Update time of lesson 05's optimizer playground, against its 100 ms budget.

    OPENBLAS_NUM_THREADS=1 python bench/playground_benchmark.py [--repeats 40]

One update = what happens when a slider moves: run 200 steps of 4 optimizers with the pure
update rules, redraw the moved lines onto the cached background and encode the PNG for the
ipywidgets.Image. The sliders are moved through their `.value`, exactly as the front end
does, cycling through values so every update computes new trajectories. Also reported: the
two parts of an update (computation alone, drawing + PNG alone) and a surface change (which
redraws the contour once). Prints median and p90 in ms and the ratio to the budget.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

BUDGET_MS = 100.0


def stats(ms):
    ms = np.asarray(ms)
    return float(np.median(ms)), float(np.percentile(ms, 90))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=40, help="updates per measurement")
    args = ap.parse_args(argv)

    from backprop.explorers.optim_playground import optimizer_playground

    pg = optimizer_playground(optimizers=("SGD", "Momentum", "Nesterov", "Adam"), steps=200)
    rows = []
    for surface in ("quadratic", "rosenbrock", "saddle"):
        pg.surface.value = surface
        lrs = pg.lr.value * np.geomspace(0.5, 1.5, args.repeats)
        betas = np.linspace(0.5, 0.95, args.repeats)
        slider_ms, compute_ms, draw_ms = [], [], []
        for i in range(args.repeats):
            ctl, val = (pg.lr, lrs[i]) if i % 2 == 0 else (pg.momentum, round(betas[i], 2))
            if ctl.value == val:
                continue
            t0 = time.perf_counter()
            ctl.value = val                       # the observer runs the whole update
            slider_ms.append(1e3 * (time.perf_counter() - t0))
            t0 = time.perf_counter()
            pg.compute()
            compute_ms.append(1e3 * (time.perf_counter() - t0))
        n = pg.n_updates
        for _ in range(args.repeats // 2):
            t0 = time.perf_counter()
            pg.update()
            draw_ms.append(1e3 * (time.perf_counter() - t0))
        assert pg.n_updates == n + args.repeats // 2
        rows.append((surface, stats(slider_ms), stats(compute_ms), stats(draw_ms)))

    switch_ms = []
    for i in range(6):
        t0 = time.perf_counter()
        pg.surface.value = ("rosenbrock", "saddle", "quadratic")[i % 3]
        switch_ms.append(1e3 * (time.perf_counter() - t0))

    print(f"optimizer playground, 200 steps x 4 optimizers (SGD, Momentum, Nesterov, Adam); "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}")
    print(f"{'surface':<12}{'slider update ms':>22}{'ratio to 100 ms':>18}"
          f"{'compute only':>16}{'update() again':>16}")
    print(f"{'':<12}{'median / p90':>22}{'median / p90':>18}{'median':>16}{'median':>16}")
    all_med = []
    for surface, (med, p90), (cmed, _), (dmed, _) in rows:
        all_med.append(p90)
        print(f"{surface:<12}{med:>12.1f} / {p90:<7.1f}{med / BUDGET_MS:>10.2f} / {p90 / BUDGET_MS:<5.2f}"
              f"{cmed:>16.1f}{dmed:>16.1f}")
    med, p90 = stats(switch_ms)
    print(f"surface change (contour redrawn once): median {med:.1f} ms, p90 {p90:.1f} ms "
          f"(ratio {med / BUDGET_MS:.2f} / {p90 / BUDGET_MS:.2f})")
    worst = max(all_med)
    print(f"worst p90 slider update: {worst:.1f} ms = {worst / BUDGET_MS:.2f} x the 100 ms budget "
          f"-> {'OK' if worst <= BUDGET_MS else 'OVER BUDGET'}")


if __name__ == "__main__":
    main()
