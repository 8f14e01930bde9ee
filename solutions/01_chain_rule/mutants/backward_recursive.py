# mutant: a recursive depth-first search: right on small graphs, RecursionError on deep chains
# replaces: node_backward
# must lose: test_node_backward
def topological_order(root):
    order, done = [], set()

    def visit(node):
        if id(node) in done:
            return
        done.add(id(node))
        for child in node.inputs:
            visit(child)
        order.append(node)

    visit(root)
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
