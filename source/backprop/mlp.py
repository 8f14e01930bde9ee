"""A sequential network that caches what backward needs, and the MLP built from it.

    net = MLP([2, 16, 16, 3], activation="relu", rng=0)
    logits = net.forward(X)                     # X: (B, 2) -> (B, 3)
    loss, dlogits = softmax_cross_entropy(logits, y)
    dX = net.backward(dlogits)                  # fills every Linear's dW and db
    for p, g in zip(net.parameters(), net.gradients()):
        p -= lr * g                             # SGD, in place

With `record=True`, forward and backward keep, per layer, references to its input,
output, output gradient and input gradient (`net.records`); `MLP` names the pieces the
lessons plot: `pre_activations` (z^l), `activations` (a^0 = x, a^1, ...), `deltas`
(dL/dz^l) and `weight_gradients` (dL/dW^l). No array is copied to make a record.

`gradients()` returns the Linear layers' own dW, db arrays, which every backward writes
into: a list taken once, even before the first backward, always holds the latest gradients
(so `opt.step(net.parameters(), net.gradients())` can be set up once). Copy the arrays to
keep one step's values.
"""

from __future__ import annotations

import numpy as np

from backprop._validate import as_array, check_rng
from backprop.activations import get_activation
from backprop.layers import Layer, Linear, make_activation

__all__ = ["Sequential", "MLP"]


class Sequential:
    """Layers applied in order. forward(X) -> output; backward(dOut) -> dX.

    `layers` is a list of objects with forward/backward (backprop.layers). backward walks
    them in reverse, each reusing its own forward cache, and returns the gradient with
    respect to the network's input.
    """

    def __init__(self, layers, record: bool = False):
        layers = list(layers)
        for i, layer in enumerate(layers):
            if not (hasattr(layer, "forward") and hasattr(layer, "backward")):
                raise TypeError(f"layers[{i}] ({type(layer).__name__}) has no forward/backward.")
        self.layers = layers
        self.record = bool(record)
        self.records: list[dict] = [{} for _ in layers]

    def forward(self, X):
        """Run every layer on the batch X: (B, n_in) -> (B, n_out), caching for backward."""
        out = X
        for layer, rec in zip(self.layers, self.records):
            inp = out
            out = layer.forward(inp)
            if self.record:
                rec.clear()
                rec["input"], rec["output"] = inp, out
        return out

    __call__ = forward

    def backward(self, dOut):
        """Backpropagate dOut = dL/d(output): (B, n_out); fill each dW, db; return dL/dX."""
        grad = dOut
        for layer, rec in zip(reversed(self.layers), reversed(self.records)):
            grad_out = grad
            grad = layer.backward(grad_out)
            if self.record:
                rec["grad_output"], rec["grad_input"] = grad_out, grad
        return grad

    def parameters(self) -> list[np.ndarray]:
        """Every parameter array, in layer order: [W1, b1, W2, b2, ...]."""
        return [p for layer in self.layers if hasattr(layer, "parameters") for p in layer.parameters()]

    def gradients(self) -> list[np.ndarray]:
        """The gradients matching parameters(): [dW1, db1, dW2, db2, ...], zeros before the
        first backward. The layers' own arrays: each backward writes into them in place."""
        return [g for layer in self.layers if hasattr(layer, "gradients") for g in layer.gradients()]

    @property
    def linear_layers(self) -> list[Linear]:
        return [layer for layer in self.layers if isinstance(layer, Linear)]

    def __len__(self):
        return len(self.layers)

    def __getitem__(self, i):
        return self.layers[i]

    def __repr__(self):
        inner = ", ".join(repr(layer) for layer in self.layers)
        return f"{type(self).__name__}([{inner}])"


class MLP(Sequential):
    """Multi-layer perceptron: Linear, activation, ..., Linear (then `output_activation`).

    sizes = [n_0, n_1, ..., n_L] gives L Linear layers, layer l mapping n_(l-1) -> n_l.
    Hidden layers use `activation` ("relu", "sigmoid", "tanh", "identity"); the output layer
    uses `output_activation` (default "identity": logits or regression outputs). Weights
    come from the variance-scaling scheme `init` times `gain` (`backprop._weights`); biases start at 0.
    """

    def __init__(self, sizes, activation: str = "relu", init: str = "he_normal",
                 gain: float = 1.0, rng=None, dtype=np.float64,
                 output_activation: str = "identity", record: bool = False):
        try:
            sizes = [int(s) for s in sizes]
        except (TypeError, ValueError):
            raise TypeError(f"sizes must be a list of layer widths, got {sizes!r}.") from None
        if len(sizes) < 2 or min(sizes) < 1:
            raise ValueError(f"sizes must list >= 2 positive widths [n_in, ..., n_out], got {sizes}.")
        for name, value in (("activation", activation), ("output_activation", output_activation)):
            get_activation(value, name)            # TypeError / ValueError naming the argument
        rng = check_rng(rng)
        layers: list[Layer] = []
        for l, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
            layers.append(Linear(n_in, n_out, init=init, rng=rng, dtype=dtype, gain=gain))
            last = l == len(sizes) - 1
            act = output_activation if last else activation
            if not (last and get_activation(act).name == "identity"):
                layers.append(make_activation(act))
        super().__init__(layers, record=record)
        self.sizes = sizes
        self.activation = activation
        self.output_activation = output_activation
        self.dtype = np.dtype(dtype)

    def forward(self, X):
        """X: (B, sizes[0]) -> output: (B, sizes[-1])."""
        X = as_array(X, "X", ndim=2)
        if X.shape[1] != self.sizes[0]:
            raise ValueError(f"X must have shape (B, {self.sizes[0]}) for this MLP, got {X.shape}.")
        return super().forward(X)

    __call__ = forward

    # Named views of the records (record=True), one entry per Linear layer l = 1..L.
    def _linear_records(self):
        if not self.record:
            raise RuntimeError("create the MLP with record=True (or set net.record = True) "
                               "before forward/backward to keep per-layer values.")
        return [(layer, rec) for layer, rec in zip(self.layers, self.records)
                if isinstance(layer, Linear)]

    def _forward_records(self):
        recs = self._linear_records()
        if any("output" not in rec for _, rec in recs):
            raise RuntimeError("nothing recorded yet: call forward first.")
        return recs

    @property
    def pre_activations(self) -> list[np.ndarray]:
        """[z^1, ..., z^L], each (B, n_l), from the last forward."""
        return [rec["output"] for _, rec in self._forward_records()]

    @property
    def activations(self) -> list[np.ndarray]:
        """[a^0 = X, a^1, ..., a^L], from the last forward (a^L is the network output)."""
        out = [rec["input"] for _, rec in self._forward_records()]
        return out + [self.records[-1]["output"]]

    @property
    def deltas(self) -> list[np.ndarray]:
        """[delta^1, ..., delta^L] = dL/dz^l, each (B, n_l), from the last backward."""
        recs = self._linear_records()
        if any("grad_output" not in rec for _, rec in recs):
            raise RuntimeError("no gradients recorded yet: call backward after forward.")
        return [rec["grad_output"] for _, rec in recs]

    @property
    def weight_gradients(self) -> list[np.ndarray]:
        """[dL/dW^1, ..., dL/dW^L] from the last backward."""
        return [layer.dW for layer, _ in self._linear_records()]

    @property
    def weights(self) -> list[np.ndarray]:
        """[W^1, ..., W^L]."""
        return [layer.W for layer in self.linear_layers]

    @property
    def biases(self) -> list[np.ndarray]:
        """[b^1, ..., b^L]."""
        return [layer.b for layer in self.linear_layers]
