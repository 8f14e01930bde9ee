"""A scalar reverse-mode automatic differentiation engine (lesson 01).

Each `Value` is one node of a computational graph. It holds

    data         the number computed by the forward pass
    grad         d(output)/d(this node), filled in by `output.backward()`
    inputs       the nodes it was computed from (empty for a leaf)
    local_grads  d(this node)/d(input) for each input, computed during the forward pass

Every operation follows the same pattern: compute the value, and store next to it the
local derivative with respect to each input. The backward pass is then the chain rule,
applied once per edge in reverse topological order:

    input.grad += local_grad * node.grad

    >>> x, w, b = Value(2.0, label="x"), Value(-0.5, label="w"), Value(0.3, label="b")
    >>> loss = ((w * x + b).tanh() - 1.0) ** 2
    >>> loss.backward()
    >>> w.grad          # d loss / d w

Conventions (documented and tested):

- `backward()` may be called more than once: each call first resets `grad` to 0 on every
  node of the graph below the output, so the gradients are always those of *this*
  output, never the sum of several calls. (The price: gradients of two outputs that share
  nodes are not added up; build `out1 + out2` and call backward on that instead.)
- A node used several times (fan-out) receives the sum of the gradients of its uses.
- `backward()` is iterative, so graphs far deeper than Python's recursion limit work.
- The engine computes in Python floats (float64); numpy scalars (float32 included) are
  accepted as input and converted.
- relu'(0) is taken as 0.
"""

from __future__ import annotations

import math
import numbers

__all__ = ["Value", "topological_order"]


def _as_float(x, what: str) -> float:
    """`x` as a finite Python float, or a TypeError/ValueError that names `what`."""
    if isinstance(x, Value):
        raise TypeError(f"{what} must be a number, not a Value; use the Value itself in the expression.")
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(
            f"{what} must be a real number (int or float), got {type(x).__name__}: {x!r:.60}."
        )
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"{what} must be finite, got {x!r}.")
    return x


class Value:
    """One scalar node of a computational graph: a value, a gradient and how it was made.

    `Value(data)` makes a leaf (an input or a parameter). Operations on Values (and on
    plain numbers mixed with them) make new nodes: `+ - * / **`, `exp`, `log`, `sin`,
    `cos`, `tanh`, `sigmoid`, `relu`. `inputs` and `local_grads` are set by those
    operations; pass them yourself only to build a node by hand.
    """

    __slots__ = ("data", "grad", "inputs", "local_grads", "op", "label", "__weakref__")
    __array_ufunc__ = None  # numpy scalars defer to Value's reflected operators

    def __init__(self, data, inputs=(), local_grads=(), op: str = "", label: str = ""):
        self.data = _as_float(data, f"the result of {op!r} (an overflow?)" if op else "Value data")
        self.grad = 0.0
        self.inputs = tuple(inputs)
        self.local_grads = tuple(float(g) for g in local_grads)
        if len(self.inputs) != len(self.local_grads):
            raise ValueError(
                f"a node needs one local gradient per input: got {len(self.inputs)} input(s) "
                f"and {len(self.local_grads)} local gradient(s)."
            )
        for node in self.inputs:
            if not isinstance(node, Value):
                raise TypeError(f"inputs must be Values, got {type(node).__name__}.")
        self.op = op
        self.label = label

    def __repr__(self) -> str:
        name = f"{self.label}: " if self.label else ""
        return f"Value({name}data={self.data:.6g}, grad={self.grad:.6g})"

    def __float__(self) -> float:
        return self.data

    # --- operations: value, then d(out)/d(input) for each input -----------------------

    def __add__(self, other):
        other = _operand(other, "+", self)
        return Value(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __sub__(self, other):
        other = _operand(other, "-", self)
        return Value(self.data - other.data, (self, other), (1.0, -1.0), "-")

    def __neg__(self):
        return Value(-self.data, (self,), (-1.0,), "neg")

    def __mul__(self, other):
        other = _operand(other, "*", self)
        return Value(self.data * other.data, (self, other), (other.data, self.data), "*")

    def __truediv__(self, other):
        other = _operand(other, "/", self)
        if other.data == 0.0:
            raise ZeroDivisionError(f"division by a Value equal to 0 ({self.data:.6g} / 0).")
        a, b = self.data, other.data
        return Value(a / b, (self, other), (1.0 / b, -a / (b * b)), "/")

    def __pow__(self, exponent):
        if isinstance(exponent, Value):
            raise TypeError(
                "the exponent of ** must be a plain number, not a Value; for a variable "
                "exponent write (b * a.log()).exp() for a ** b."
            )
        p = _as_float(exponent, "the exponent of **")
        a = self.data
        if a == 0.0 and p < 1.0:
            raise ZeroDivisionError(
                f"0 ** {p:g} has no finite value or derivative; the base must not be 0 here."
            )
        if a < 0.0 and not p.is_integer():
            raise ValueError(
                f"a negative base ({a:.6g}) to a non-integer power ({p:g}) is not a real number."
            )
        return Value(a ** p, (self,), (p * a ** (p - 1.0),), f"**{p:g}")

    def exp(self):
        try:
            e = math.exp(self.data)
        except OverflowError:
            raise OverflowError(f"exp({self.data:.6g}) is too large for a float.") from None
        return Value(e, (self,), (e,), "exp")

    def log(self):
        if self.data <= 0.0:
            raise ValueError(
                f"log is only defined for positive numbers, got log({self.data:.6g})."
            )
        return Value(math.log(self.data), (self,), (1.0 / self.data,), "log")

    def sin(self):
        return Value(math.sin(self.data), (self,), (math.cos(self.data),), "sin")

    def cos(self):
        return Value(math.cos(self.data), (self,), (-math.sin(self.data),), "cos")

    def tanh(self):
        t = math.tanh(self.data)
        return Value(t, (self,), (1.0 - t * t,), "tanh")

    def sigmoid(self):
        z = self.data
        if z >= 0:  # two forms, so exp never overflows
            s = 1.0 / (1.0 + math.exp(-z))
        else:
            e = math.exp(z)
            s = e / (1.0 + e)
        return Value(s, (self,), (s * (1.0 - s),), "sigmoid")

    def relu(self):
        z = self.data
        return Value(max(z, 0.0), (self,), (1.0 if z > 0 else 0.0,), "relu")

    # --- the rest is built from the operations above ----------------------------------

    def __radd__(self, other):
        return _operand(other, "+", self) + self

    def __rmul__(self, other):
        return _operand(other, "*", self) * self

    def __rsub__(self, other):
        return _operand(other, "-", self) - self

    def __rtruediv__(self, other):
        return _operand(other, "/", self) / self

    def __rpow__(self, base):
        b = _as_float(base, "the base of **")
        if b <= 0.0:
            raise ValueError(f"number ** Value needs a positive base, got {b:.6g}.")
        return (self * math.log(b)).exp()

    # --- the backward pass --------------------------------------------------------------

    def backward(self, grad: float = 1.0) -> None:
        """Fill `.grad` of every node below this one with d(self)/d(node).

        Resets every gradient in the graph to 0 first (so calling it twice gives the same
        result), sets `self.grad = grad` (1 by default), then walks the nodes in reverse
        topological order, adding `local_grad * node.grad` into each input's `.grad`.
        """
        seed = _as_float(grad, "grad")
        order = topological_order(self)
        for node in order:
            node.grad = 0.0
        self.grad = seed
        for node in reversed(order):  # every node is finished before its inputs
            for child, local in zip(node.inputs, node.local_grads):
                child.grad += local * node.grad


def _operand(other, op: str, value: Value) -> Value:
    """`other` as a Value (numbers are wrapped as constants), or a clear TypeError."""
    if isinstance(other, Value):
        return other
    if isinstance(other, bool) or not isinstance(other, numbers.Real):
        raise TypeError(
            f"unsupported operand for {op}: a Value and a {type(other).__name__} "
            f"({other!r:.60}); use numbers (int, float) or Values."
        )
    return Value(other)


def topological_order(root: Value) -> list[Value]:
    """Every node `root` depends on (itself included), each listed after all its inputs.

    Depth-first search with an explicit stack (no recursion): a node is appended once
    all its inputs have been appended. Each node appears exactly once, however often it
    is used.
    """
    if not isinstance(root, Value):
        raise TypeError(f"root must be a Value, got {type(root).__name__}.")
    order, done = [], set()
    stack = [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if id(node) in done:
            continue
        if inputs_done:
            done.add(id(node))
            order.append(node)
            continue
        stack.append((node, True))  # revisit after its inputs
        for child in node.inputs:
            if id(child) not in done:
                stack.append((child, False))
    return order
