"""backprop.graphviz: layout and drawing of expression graphs (matplotlib only)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from backprop_reference.autodiff import Value, topological_order  # noqa: E402
from backprop.graphviz import draw_graph, graph_layout  # noqa: E402


def small_graph():
    x, w, b = Value(2.0, label="x"), Value(-0.5, label="w"), Value(0.3, label="b")
    z = w * x + b
    z.label = "z"
    loss = (z.tanh() - 1.0) ** 2
    loss.label = "loss"
    return loss, (x, w, b, z)


def test_layout_puts_every_node_right_of_its_inputs_and_never_overlaps():
    loss, _ = small_graph()
    pos = graph_layout(loss)
    order = topological_order(loss)
    assert set(pos) == {id(n) for n in order}
    for node in order:
        for child in node.inputs:
            assert pos[id(child)][0] < pos[id(node)][0]
    assert pos[id(loss)][0] == max(x for x, _ in pos.values())
    points = list(pos.values())
    for i, (x1, y1) in enumerate(points):
        for x2, y2 in points[i + 1:]:
            assert x1 != x2 or abs(y1 - y2) >= 1.0 - 1e-12


def test_draw_graph_shows_values_and_gradients_of_every_node():
    loss, (x, w, b, z) = small_graph()
    loss.backward()
    ax = draw_graph(loss)
    texts = [t.get_text() for t in ax.texts]
    order = topological_order(loss)
    assert len([t for t in texts if "value" in t]) == len(order)
    assert any(t.startswith("w\n") and f"grad {w.grad:.4g}" in t for t in texts)
    assert any(t.startswith("z = +") and f"value {z.data:.4g}" in t for t in texts)
    edges = sum(len({id(c) for c in n.inputs}) for n in order)
    assert len(ax.patches) == edges
    assert ax.get_title() and ax.get_xlabel()
    plt.close(ax.figure)


def test_draw_graph_uses_a_given_axes_and_marks_a_repeated_input():
    fig, ax = plt.subplots()
    x = Value(3.0, label="x")
    y = x * x
    y.backward()
    assert draw_graph(y, ax=ax, title="square") is ax
    assert ax.get_title() == "square"
    assert "x2" in [t.get_text() for t in ax.texts]
    plt.close(fig)


def test_a_single_leaf_can_be_drawn():
    ax = draw_graph(Value(1.0, label="alone"))
    assert any("alone" in t.get_text() for t in ax.texts)
    plt.close(ax.figure)


def test_bad_arguments_are_refused():
    with pytest.raises(TypeError, match="must be a graph node with data, grad, inputs"):
        draw_graph(3.0)
    out = Value(0.0)
    for _ in range(200):
        out = out + 1.0
    with pytest.raises(ValueError, match="more than max_nodes"):
        draw_graph(out)
