"""Update time of lesson 04's initialization explorer (recompute + redraw + PNG bytes).

    OPENBLAS_NUM_THREADS=1 python bench/init_explorer_benchmark.py [--repeats 40]

Builds the explorer (with ipywidgets, as in a notebook, but no browser) at depth 10,
width 256, batch 512, then moves the gain slider through values it has not seen, timing
each whole update as the slider's observer runs it: the forward and backward simulation,
the theory, the artists' update, the blit and the PNG encoding handed to the Image widget.
Also times a change of activation and of scheme, and prints median, p90 and their ratio
to the 100 ms budget. Wall time is what a student waits; the process's CPU time is printed
next to it because on a shared machine the wall time also counts waiting for a core.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

BUDGET = 0.100


def _stats(name: str, times: list[tuple[float, float]]) -> tuple[float, float, float]:
    wall = [w for w, _ in times]
    cpu = [c for _, c in times]
    med, p90, cpu_med = statistics.median(wall), float(np.percentile(wall, 90)), statistics.median(cpu)
    print(f"{name:<34s} n={len(times):3d}  median {1e3 * med:6.1f} ms  p90 {1e3 * p90:6.1f} ms  "
          f"(cpu median {1e3 * cpu_med:5.1f} ms)  median/budget {med / BUDGET:.2f}  p90/budget {p90 / BUDGET:.2f}")
    return med, p90, cpu_med


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=40)
    args = parser.parse_args()

    from backprop.explorers.init_explorer import InitExplorer

    t0 = time.perf_counter()
    ex = InitExplorer(depth=10, width=256, activation="tanh", scheme="xavier_normal", gain=1.0,
                      batch=512)
    print(f"construction (sampling + first full draw): {1e3 * (time.perf_counter() - t0):.0f} ms; "
          f"batch used {ex.stats['batch']}")
    assert ex.image is not None, "ipywidgets missing: the benchmark measures the widget path"

    def timed(set_value):
        before = ex.n_updates
        c, t = time.process_time(), time.perf_counter()
        set_value()
        dt, dc = time.perf_counter() - t, time.process_time() - c
        assert ex.n_updates == before + 1, "the change did not trigger exactly one update"
        return dt, dc

    # warm the background cache for this depth/activation, as the first slider move does
    ex.gain.value = 1.01
    gains = np.geomspace(0.3, 3.0, args.repeats)
    t_gain = [timed(lambda g=g: setattr(ex.gain, "value", float(g))) for g in gains]
    med, p90, cpu = _stats("gain slider (tanh, Xavier)", t_gain)

    t_act = []
    for act in ["relu", "linear", "sigmoid", "tanh"] * max(1, args.repeats // 8):
        t_act.append(timed(lambda a=act: setattr(ex.activation, "value", a)))
    _stats("activation dropdown", t_act)
    t_scheme = []
    for sch in ["he_normal", "xavier_uniform", "lecun_normal", "xavier_normal"] * max(1, args.repeats // 8):
        t_scheme.append(timed(lambda s=sch: setattr(ex.scheme, "value", s)))
    _stats("scheme dropdown", t_scheme)
    t_depth = [timed(lambda d=d: setattr(ex.depth, "value", d)) for d in [11, 12, 13, 12, 11, 10] * 2]
    _stats("depth slider 10-13 (incl. new backgrounds)", t_depth)
    print(f"RESULT gain-slider update at depth 10, width 256, batch 512: median {1e3 * med:.1f} ms, "
          f"p90 {1e3 * p90:.1f} ms, ratio to the 100 ms budget {med / BUDGET:.2f} (median), "
          f"{p90 / BUDGET:.2f} (p90); CPU time median {1e3 * cpu:.1f} ms ({cpu / BUDGET:.2f}); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
