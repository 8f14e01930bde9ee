"""Draw a scalar expression graph with matplotlib (lesson 01): your `Node`s, or any object
with `data`, `grad`, `inputs` (a list of nodes), `op` and `label` attributes.

No Graphviz program is needed: nodes are placed in layers by depth (leaves on the left,
the output on the right), ordered inside a layer to keep edges short, and drawn as boxes
showing each node's operation, label, value and gradient.

    >>> loss.backward()
    >>> ax = draw_graph(loss)
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch

Value = object  # any node type with the attributes above (lesson 01's Node)

__all__ = ["draw_graph", "graph_layout", "graph_from_record", "RecordedNode"]

_NODE_ATTRIBUTES = ("data", "grad", "inputs", "op", "label")


def _check_node(value) -> None:
    missing = [a for a in _NODE_ATTRIBUTES if not hasattr(value, a)]
    if missing:
        raise TypeError(f"value must be a graph node with {', '.join(_NODE_ATTRIBUTES)}; "
                        f"{type(value).__name__} has no {', '.join(missing)}.")


def _nodes_by_depth(root) -> list:
    """Every node below `root` (itself included) once, sorted by depth (leaves first).

    Depth is 1 + the largest depth of a node's inputs, computed with an explicit stack.
    """
    depth, stack = {}, [root]
    nodes = {}
    while stack:
        node = stack[-1]
        pending = [c for c in node.inputs if id(c) not in depth]
        if pending:
            stack.extend(pending)
            continue
        stack.pop()
        depth[id(node)] = 1 + max((depth[id(c)] for c in node.inputs), default=-1)
        nodes[id(node)] = node
    return sorted(nodes.values(), key=lambda n: depth[id(n)])


def graph_layout(root: Value) -> dict[int, tuple[float, float]]:
    """Positions `{id(node): (x, y)}` for every node below `root`.

    x is the node's depth: 1 + the largest depth of its inputs, so every edge points
    right; a leaf sits one layer before its first use (leaves of depth 0 otherwise all pile
    up on the left). Layers are placed from the output (y = 0) leftwards: each node goes to
    the mean height of the nodes that use it, then nodes of one layer are pushed apart to
    at least 1 unit.
    """
    order = _nodes_by_depth(root)
    depth: dict[int, int] = {}
    for node in order:  # inputs come first, so their depth is known
        depth[id(node)] = 1 + max((depth[id(c)] for c in node.inputs), default=-1)
    users: dict[int, list[Value]] = {id(n): [] for n in order}
    for node in order:
        for child in node.inputs:
            users[id(child)].append(node)
    for node in order:
        if not node.inputs and users[id(node)]:
            depth[id(node)] = min(depth[id(u)] for u in users[id(node)]) - 1
    layers: dict[int, list[Value]] = {}
    for node in order:
        layers.setdefault(depth[id(node)], []).append(node)
    shift = min(layers)
    pos: dict[int, tuple[float, float]] = {}
    for d in sorted(layers, reverse=True):
        wanted = []
        for node in layers[d]:
            placed = [pos[id(u)][1] - 0.35 * (1 + u.inputs.index(node)) + 0.35 * (len(u.inputs) + 1) / 2
                      for u in users[id(node)]]
            wanted.append(sum(placed) / len(placed) if placed else 0.0)
        ranked = sorted(zip(wanted, range(len(wanted))), reverse=True)
        ys = []
        for want, _ in ranked:  # top to bottom, at least 1 apart
            ys.append(min(want, ys[-1] - 1.0) if ys else want)
        offset = (sum(w for w, _ in ranked) - sum(ys)) / len(ys)
        for (want, i), y in zip(ranked, ys):
            pos[id(layers[d][i])] = (float(d - shift), y + offset)
    return pos


def _node_text(node: Value) -> str:
    head = node.op if node.op else "leaf"
    if node.label:
        head = f"{node.label} = {node.op}" if node.op else node.label
    # + 0.0 turns -0.0 into 0.0 so that no "-0" is printed
    return f"{head}\nvalue {node.data + 0.0:.4g}\ngrad {node.grad + 0.0:.4g}"


def draw_graph(value: Value, ax=None, *, title: str | None = None, max_nodes: int = 120):
    """Draw the graph that computed `value`; return the matplotlib Axes.

    Each box shows a node's operation (or label), its value and its gradient (call
    `value.backward()` first to see gradients; otherwise they are 0). Edges point from an
    input to the node that uses it; a node used twice has two outgoing edges, and an
    input used twice by one operation (as in `x * x`) gets one edge marked "x2".
    `ax`: an Axes to draw into (a new figure is made when None). Graphs with more than
    `max_nodes` nodes are refused (the drawing would be unreadable).
    """
    _check_node(value)
    order = _nodes_by_depth(value)
    if len(order) > max_nodes:
        raise ValueError(
            f"the graph has {len(order)} nodes, more than max_nodes={max_nodes}; "
            "draw a smaller expression (or raise max_nodes)."
        )
    pos = graph_layout(value)
    n_layers = 1 + int(max(x for x, _ in pos.values()))
    ys = [y for _, y in pos.values()]
    if ax is None:
        span = max(ys) - min(ys) + 1.4
        _, ax = plt.subplots(figsize=(min(1.5 * n_layers + 1.5, 16), min(0.8 * span + 1.2, 12)))

    box = dict(boxstyle="round,pad=0.35", linewidth=1.0)
    for node in order:
        x, y = pos[id(node)]
        colour = "#e8f0fb" if not node.inputs else "#fdf3e1"
        edge = "#c0392b" if node is value else "#555555"
        ax.text(x, y, _node_text(node), ha="center", va="center", fontsize=8, zorder=3,
                bbox=dict(box, facecolor=colour, edgecolor=edge))
    for node in order:
        x1, y1 = pos[id(node)]
        counts: dict[int, int] = {}
        for child in node.inputs:
            counts[id(child)] = counts.get(id(child), 0) + 1
        for child in {id(c): c for c in node.inputs}.values():
            x0, y0 = pos[id(child)]
            ax.add_patch(FancyArrowPatch((x0, y0), (x1, y1), arrowstyle="-|>", mutation_scale=10,
                                         shrinkA=28, shrinkB=28, color="#777777", zorder=1))
            if counts[id(child)] > 1:
                ax.text((x0 + x1) / 2, (y0 + y1) / 2, f"x{counts[id(child)]}", fontsize=8,
                        color="#c0392b", ha="center", va="bottom", zorder=2)

    ax.set_xlim(-0.6, n_layers - 0.4)
    ax.set_ylim(min(ys) - 0.7, max(ys) + 0.7)
    ax.set_yticks([])
    ax.set_xticks(range(n_layers))
    ax.set_xlabel("depth (operations on the longest path from an input)")
    ax.set_ylabel("nodes of equal depth, stacked")
    ax.set_title(title if title is not None else "Expression graph: value and gradient of each node")
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    return ax


class RecordedNode:
    """A node of a recorded graph: what `draw_graph` shows, without an engine behind it."""

    def __init__(self, data, grad, op, label, inputs):
        self.data, self.grad, self.op, self.label, self.inputs = float(data), float(grad), op, label, inputs

    def __repr__(self) -> str:
        return f"RecordedNode({self.label or self.op or 'leaf'}: data={self.data:.6g}, grad={self.grad:.6g})"


def graph_from_record(record) -> dict:
    """Nodes rebuilt from a recorded graph, by label (plus "root": the last node).

    `record` lists nodes after their inputs, each a dict with data, grad, op, label and
    inputs (indices of earlier entries), as lesson 01's release records the course engine's
    graphs (`backprop.checking.expected`).
    """
    nodes = []
    for entry in record:
        nodes.append(RecordedNode(entry["data"], entry["grad"], entry["op"], entry["label"],
                                  [nodes[i] for i in entry["inputs"]]))
    out = {n.label: n for n in nodes if n.label}
    out["root"] = nodes[-1]
    return out
