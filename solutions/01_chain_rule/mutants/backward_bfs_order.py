# mutant: no topological order: nodes visited breadth-first from the root, so a node can pass its gradient on before all its users have added theirs
# replaces: node_backward
# must lose: test_node_backward
from collections import deque


def topological_order(root):
    """Breadth-first from the root, reversed (NOT a topological order in general)."""
    seen, order, queue = {id(root)}, [], deque([root])
    while queue:
        node = queue.popleft()
        order.append(node)
        for child in node.inputs:
            if id(child) not in seen:
                seen.add(id(child))
                queue.append(child)
    return order[::-1]


def backward(root):
    order = topological_order(root)
    for node in order:
        node.grad = 0.0
    root.grad = 1.0
    for node in reversed(order):
        for child, local in zip(node.inputs, node.local_grads):
            child.grad += local * node.grad


Node.backward = backward
