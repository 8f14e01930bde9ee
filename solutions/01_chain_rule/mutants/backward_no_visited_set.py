# mutant: depth-first search without a record of visited nodes: a node reached along two paths is listed twice and passes its gradient on twice
# replaces: node_backward
# must lose: test_node_backward
def topological_order(root):
    """Iterative post-order DFS, but nothing remembers which nodes were already appended."""
    order = []
    stack = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        stack.append((node, True))
        for child in node.inputs:
            stack.append((child, False))
    return order


def backward(root):
    order = topological_order(root)
    for node in order:
        node.grad = 0.0
    root.grad = 1.0
    for node in reversed(order):
        for child, local in zip(node.inputs, node.local_grads):
            child.grad += local * node.grad


Node.backward = backward
