"""backprop.autodiff: every operation's backward against central differences, and the
engine's behaviour (fan-out, deep graphs, repeated backward, errors)."""

import math
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from backprop_reference.autodiff import Value, topological_order
from support.finite_differences import derivative as central_difference


def relative_error(a, n):
    return abs(a - n) / max(1e-8, abs(a) + abs(n))


# (name, build with Values, same function on floats, points to test away from kinks/poles)
UNARY = [
    ("exp", lambda v: v.exp(), math.exp, [-2.0, 0.0, 1.5]),
    ("log", lambda v: v.log(), math.log, [0.1, 1.0, 7.0]),
    ("sin", lambda v: v.sin(), math.sin, [-1.0, 0.3, 2.5]),
    ("cos", lambda v: v.cos(), math.cos, [-1.0, 0.3, 2.5]),
    ("tanh", lambda v: v.tanh(), math.tanh, [-2.0, 0.0, 0.7]),
    ("sigmoid", lambda v: v.sigmoid(), lambda z: 1 / (1 + math.exp(-z)), [-30.0, -1.0, 0.0, 2.0]),
    ("relu", lambda v: v.relu(), lambda z: max(z, 0.0), [-1.5, 0.4, 3.0]),
    ("neg", lambda v: -v, lambda z: -z, [-1.0, 2.0]),
    ("square", lambda v: v ** 2, lambda z: z ** 2, [-1.3, 0.5]),
    ("cube", lambda v: v ** 3, lambda z: z ** 3, [-1.3, 0.5]),
    ("sqrt", lambda v: v ** 0.5, math.sqrt, [0.2, 4.0]),
    ("reciprocal", lambda v: v ** -1, lambda z: 1 / z, [-2.0, 0.3]),
    ("2 ** v", lambda v: 2 ** v, lambda z: 2 ** z, [-1.0, 0.5]),
    ("3 - v", lambda v: 3 - v, lambda z: 3 - z, [0.5]),
    ("3 / v", lambda v: 3 / v, lambda z: 3 / z, [-0.7, 1.5]),
    ("2.5 * v + 1", lambda v: 2.5 * v + 1, lambda z: 2.5 * z + 1, [0.2]),
]

BINARY = [
    ("+", lambda a, b: a + b, lambda a, b: a + b),
    ("-", lambda a, b: a - b, lambda a, b: a - b),
    ("*", lambda a, b: a * b, lambda a, b: a * b),
    ("/", lambda a, b: a / b, lambda a, b: a / b),
]


@pytest.mark.parametrize("name, op, f, points", UNARY, ids=[u[0] for u in UNARY])
def test_unary_ops_match_central_differences(name, op, f, points):
    for x0 in points:
        x = Value(x0)
        out = op(x)
        assert out.data == pytest.approx(f(x0), rel=1e-12, abs=1e-300)
        out.backward()
        numeric = central_difference(f, x0)
        assert relative_error(x.grad, numeric) < 1e-7, (name, x0, x.grad, numeric)


@pytest.mark.parametrize("name, op, f", BINARY, ids=[b[0] for b in BINARY])
def test_binary_ops_match_central_differences(name, op, f):
    rng = np.random.default_rng(1)
    for _ in range(5):
        a0, b0 = rng.uniform(0.5, 2.0) * rng.choice([-1, 1], size=2)
        a, b = Value(a0), Value(b0)
        out = op(a, b)
        assert out.data == pytest.approx(f(a0, b0), rel=1e-14)
        out.backward()
        da = central_difference(lambda t: f(t, b0), a0)
        db = central_difference(lambda t: f(a0, t), b0)
        assert relative_error(a.grad, da) < 1e-7
        assert relative_error(b.grad, db) < 1e-7


def test_relu_derivative_at_zero_is_zero():
    x = Value(0.0)
    x.relu().backward()
    assert x.grad == 0.0


def test_sigmoid_does_not_overflow_for_large_inputs():
    for z in (-800.0, 800.0):
        x = Value(z)
        s = x.sigmoid()
        s.backward()
        assert 0.0 <= s.data <= 1.0 and x.grad == 0.0


# ------------------------------------------------------------------ random expressions

def _build(ops, xs, lib):
    """Apply a list of (kind, i, j) ops to a list of leaves; `lib` is Value-based or float-based."""
    nodes = list(xs)
    for kind, i, j in ops:
        a, b = nodes[i % len(nodes)], nodes[j % len(nodes)]
        nodes.append(lib[kind](a, b))
    return lib["sum"](nodes[len(xs):]) if len(nodes) > len(xs) else nodes[0]


VALUE_LIB = {
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
    "sin": lambda a, b: a.sin() * 0.5, "tanh": lambda a, b: (a + b).tanh(),
    "sigmoid": lambda a, b: (a * b).sigmoid(), "exp_small": lambda a, b: (a.tanh()).exp(),
    "logsq": lambda a, b: (a * a + 1.0).log(), "div": lambda a, b: a / (b * b + 1.0),
    "sum": lambda ns: sum(ns[1:], ns[0]),
}
FLOAT_LIB = {
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
    "sin": lambda a, b: math.sin(a) * 0.5, "tanh": lambda a, b: math.tanh(a + b),
    "sigmoid": lambda a, b: 1 / (1 + math.exp(-(a * b))), "exp_small": lambda a, b: math.exp(math.tanh(a)),
    "logsq": lambda a, b: math.log(a * a + 1.0), "div": lambda a, b: a / (b * b + 1.0),
    "sum": lambda ns: sum(ns[1:], ns[0]),
}

op_strategy = st.tuples(st.sampled_from(sorted(k for k in VALUE_LIB if k != "sum")),
                        st.integers(0, 50), st.integers(0, 50))


@given(xs=st.lists(st.floats(-1.5, 1.5), min_size=1, max_size=4),
       ops=st.lists(op_strategy, min_size=1, max_size=12))
def test_random_expressions_match_central_differences(xs, ops):
    leaves = [Value(x) for x in xs]
    out = _build(ops, leaves, VALUE_LIB)
    assert out.data == pytest.approx(_build(ops, xs, FLOAT_LIB), rel=1e-12, abs=1e-12)
    out.backward()
    for k, x0 in enumerate(xs):
        def f(t, k=k):
            shifted = list(xs)
            shifted[k] = t
            return _build(ops, shifted, FLOAT_LIB)
        numeric = central_difference(f, x0, h=1e-5)
        # central differences carry O(h^2) truncation and O(eps/h) rounding error
        assert abs(leaves[k].grad - numeric) <= 1e-6 * (1 + abs(numeric)), (k, leaves[k].grad, numeric)


@given(xs=st.lists(st.floats(-2, 2), min_size=1, max_size=4),
       ops=st.lists(op_strategy, min_size=1, max_size=10))
def test_backward_twice_gives_the_same_gradients(xs, ops):
    leaves = [Value(x) for x in xs]
    out = _build(ops, leaves, VALUE_LIB)
    out.backward()
    first = [v.grad for v in leaves]
    out.backward()
    assert [v.grad for v in leaves] == first


# ------------------------------------------------------------------ graph behaviour

def test_fan_out_accumulates_gradients_of_every_use():
    x = Value(3.0)
    y = x * x + x          # dy/dx = 2x + 1
    y.backward()
    assert x.grad == 7.0
    a = Value(0.5)
    b = a.sin()
    c = b * a + b.exp()    # b used twice, a used twice
    c.backward()
    numeric = central_difference(lambda t: math.sin(t) * t + math.exp(math.sin(t)), 0.5)
    assert relative_error(a.grad, numeric) < 1e-8


def test_gradients_of_a_diamond_with_unequal_path_lengths():
    # u feeds out directly and through a longer path: a walk without topological order
    # would pass u's gradient on before the long path has added its part.
    x = Value(0.7)
    u = x.exp()
    v = (u * 2.0).sin().cos()
    out = u * v
    out.backward()
    f = lambda t: math.exp(t) * math.cos(math.sin(2 * math.exp(t)))
    assert relative_error(x.grad, central_difference(f, 0.7)) < 1e-8


def test_deep_chain_of_10000_nodes_beyond_the_recursion_limit():
    assert sys.getrecursionlimit() < 10_000
    x = Value(0.3)
    out = x
    for _ in range(10_000):
        out = out * 1.0001
    out.backward()
    assert x.grad == pytest.approx(1.0001 ** 10_000, rel=1e-10)
    assert len(topological_order(out)) == 20_001  # 10,000 products and their constants + x


def test_backward_seed_and_output_gradient():
    x = Value(2.0)
    y = x ** 2
    y.backward(grad=3.0)
    assert (y.grad, x.grad) == (3.0, 12.0)


def test_backward_resets_rather_than_doubles_on_shared_nodes():
    x = Value(1.5)
    a, b = x * 2.0, x * 5.0
    a.backward()
    assert x.grad == 2.0
    b.backward()           # gradients of b only, not a's plus b's
    assert x.grad == 5.0
    (a + b).backward()     # the documented way to get the sum
    assert x.grad == 7.0


def test_topological_order_lists_each_node_once_after_its_inputs():
    x, y = Value(1.0), Value(2.0)
    u = x * y
    out = (u + x) * u
    order = topological_order(out)
    assert len(order) == len({id(n) for n in order}) == 5
    position = {id(n): i for i, n in enumerate(order)}
    for node in order:
        for child in node.inputs:
            assert position[id(child)] < position[id(node)]
    assert order[-1] is out


def test_leaf_and_operations_record_inputs_and_local_gradients():
    a, b = Value(2.0, label="a"), Value(-3.0)
    out = a * b
    assert out.inputs == (a, b) and out.local_grads == (-3.0, 2.0) and out.op == "*"
    assert a.inputs == () and a.label == "a"
    assert "a" in repr(a) and "data=2" in repr(a)
    assert float(out) == -6.0


def test_numpy_scalars_work_on_either_side():
    x = Value(np.float32(0.5))
    y = np.float64(2.0) * x + np.float32(1.0)
    assert isinstance(y, Value) and y.data == 2.0
    y.backward()
    assert x.grad == 2.0


# ------------------------------------------------------------------ errors

@pytest.mark.parametrize("bad", ["1.0", None, [1.0], np.ones(2), 1 + 2j, True])
def test_non_numeric_data_is_refused_with_a_type_error(bad):
    with pytest.raises(TypeError, match="real number"):
        Value(bad)


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_non_finite_data_is_refused(bad):
    with pytest.raises(ValueError, match="finite"):
        Value(bad)


@pytest.mark.parametrize("make", [lambda v: v + "a", lambda v: "a" * v, lambda v: v * [1.0],
                                  lambda v: v - None, lambda v: v / {}, lambda v: np.ones(3) + v])
def test_non_numeric_operands_get_a_clear_type_error(make):
    with pytest.raises(TypeError, match="unsupported operand|real number"):
        make(Value(1.0))


@pytest.mark.parametrize("x0", [0.0, -2.0])
def test_log_of_non_positive_value_says_so(x0):
    with pytest.raises(ValueError, match=r"log is only defined for positive numbers.*log\(" + str(x0)[:2]):
        Value(x0).log()


def test_other_errors_name_the_problem():
    with pytest.raises(ZeroDivisionError, match="division by a Value equal to 0"):
        Value(1.0) / Value(0.0)
    with pytest.raises(ZeroDivisionError, match="0 \\*\\* -1"):
        Value(0.0) ** -1
    with pytest.raises(ValueError, match="negative base"):
        Value(-2.0) ** 0.5
    with pytest.raises(TypeError, match="exponent of \\*\\* must be a plain number"):
        Value(2.0) ** Value(3.0)
    with pytest.raises(OverflowError, match="exp\\(1000\\) is too large"):
        Value(1000.0).exp()
    with pytest.raises(ValueError, match="positive base"):
        (-2.0) ** Value(1.0)
    with pytest.raises(ValueError, match="one local gradient per input"):
        Value(1.0, inputs=(Value(2.0),), local_grads=())
    with pytest.raises(TypeError, match="inputs must be Values"):
        Value(1.0, inputs=(2.0,), local_grads=(1.0,))
    with pytest.raises(TypeError, match="root must be a Value"):
        topological_order(3.0)
    with pytest.raises(TypeError, match="grad must be a real number"):
        Value(1.0).backward(grad="one")


def test_overflow_in_an_operation_names_the_operation():
    with pytest.raises(ValueError, match=r"result of '\*' \(an overflow\?\) must be finite"):
        Value(1e200) * Value(1e200)
