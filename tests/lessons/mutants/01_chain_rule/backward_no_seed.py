# mutant: root.grad is never set to 1
# replaces: node_backward
# must lose: test_node_backward
def topological_order(root):
    """List every node root depends on (root included) once, each after all its inputs.

    root: a Node. Returns a list of Nodes whose last element is root. Iterative (no
    recursion), so chains of many thousands of nodes work.
    """
    order, done = [], set()
    stack = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if id(node) in done:
            continue
        if expanded:                      # all inputs were appended before we got here
            done.add(id(node))
            order.append(node)
            continue
        stack.append((node, True))
        for child in node.inputs:
            if id(child) not in done:
                stack.append((child, False))
    return order


def backward(root):
    """Set node.grad = d(root)/d(node) on every node below root (root.grad = 1). Returns None.

    Resets every grad in the graph to 0 first, so a second call gives the same result.
    """
    order = topological_order(root)
    for node in order:
        node.grad = 0.0
    for node in reversed(order):
        for child, local in zip(node.inputs, node.local_grads):
            child.grad += local * node.grad


Node.backward = backward    # so that root.backward() works as well
