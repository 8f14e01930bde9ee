"""The five update rules the lesson 05 playground animates, written compactly for it.

Each is `step(p, g, state, **hyper) -> (p_next, state_next)` on a 2-D point, with the
conventions lesson 05 states (PyTorch's forms of momentum and Nesterov, Adam's bias
correction with t = 1 on the first step, eps outside the square root). They carry no input
checks: the playground calls them with its own floats. Writing the general, checked rules
is lesson 05's exercise; the graded reference is instructor-only.
"""

from __future__ import annotations

import numpy as np


def _plain(p, g, state, lr):
    return p - lr * g, None


def _heavy_ball(p, g, state, lr, beta):
    v = g if state is None else beta * state + g
    return p - lr * v, v


def _look_ahead(p, g, state, lr, beta):
    v = g if state is None else beta * state + g
    return p - lr * (g + beta * v), v


def _scaled(p, g, state, lr, rho, eps):
    s = (1 - rho) * g * g + (0 if state is None else rho * state)
    return p - lr * g / (np.sqrt(s) + eps), s


def _moments(p, g, state, lr, beta1, beta2, eps):
    t, m, v = (0, 0.0, 0.0) if state is None else state
    t, m, v = t + 1, beta1 * m + (1 - beta1) * g, beta2 * v + (1 - beta2) * g * g
    m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)
    return p - lr * m_hat / (np.sqrt(v_hat) + eps), (t, m, v)


RULES = {"SGD": _plain, "Momentum": _heavy_ball, "Nesterov": _look_ahead, "RMSProp": _scaled, "Adam": _moments}
