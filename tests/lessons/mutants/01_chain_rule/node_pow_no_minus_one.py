# mutant: d(a^p)/da = p a^p (exponent not reduced)
# replaces: node_class
# must lose: test_node_ops
class Node:
    """One scalar node of a computational graph.

    data         the value computed by the forward pass (a float)
    grad         d(root)/d(this node), filled in by backward(root)
    inputs       tuple of the Nodes this one was computed from (empty for a leaf)
    local_grads  tuple of floats, d(this node)/d(input) for each input, in the same order
    op           a short name of the operation, for printing
    """

    def __init__(self, data, inputs=(), local_grads=(), op=""):
        self.data = float(data)
        self.grad = 0.0
        self.inputs = tuple(inputs)
        self.local_grads = tuple(float(g) for g in local_grads)
        self.op = op

    def __repr__(self):
        return f"Node(data={self.data:.6g}, grad={self.grad:.6g}, op={self.op!r})"

    # ---- two worked examples: value, inputs, local derivatives --------------------
    def __add__(self, other):
        other = other if isinstance(other, Node) else Node(other)
        return Node(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def cos(self):
        return Node(math.cos(self.data), (self,), (-math.sin(self.data),), "cos")

    # ---- your part ------------------------------------------------------------------
    def __mul__(self, other):
        """self * other; two inputs (self, other)."""
        other = other if isinstance(other, Node) else Node(other)
        return Node(self.data * other.data, (self, other), (other.data, self.data), "*")

    def __pow__(self, p):
        """self ** p for a plain number p (int or float, not a Node); one input (self)."""
        return Node(self.data ** p, (self,), (p * self.data ** p,), f"**{p}")

    def exp(self):
        """e ** self; one input (self)."""
        e = math.exp(self.data)
        return Node(e, (self,), (e,), "exp")

    def log(self):
        """Natural logarithm of self (self.data > 0); one input (self)."""
        return Node(math.log(self.data), (self,), (1.0 / self.data,), "log")

    def sin(self):
        """sin(self); one input (self)."""
        return Node(math.sin(self.data), (self,), (math.cos(self.data),), "sin")

    def tanh(self):
        """tanh(self); one input (self)."""
        t = math.tanh(self.data)
        return Node(t, (self,), (1.0 - t * t,), "tanh")

    # ---- built from the operations above (nothing to do here) ------------------------
    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-other)

    def __radd__(self, other):          # number + Node
        return self + other

    def __rmul__(self, other):          # number * Node
        return self * other

    def __rsub__(self, other):          # number - Node
        return (-self) + other

    def __truediv__(self, other):
        return self * other ** -1.0

    def __rtruediv__(self, other):      # number / Node
        return self ** -1.0 * other
