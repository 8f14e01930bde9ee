"""backprop: the course's reference implementation of backpropagation in numpy.

Modules follow the order of the lessons; import the one you need, e.g.
``from backprop import layers``. Nothing heavy is imported here.

    autodiff, graphviz         lesson 01: scalar reverse mode and its graphs
    gradcheck, jacobians       lesson 02: finite differences, Jacobians, VJPs
    activations, layers, mlp,
    losses, data               lesson 03: the backprop equations for MLPs
    init, variance             lesson 04: initialization and variance propagation
    optim, schedules, surfaces lesson 05: optimizers
    batchnorm, manual, digits  lesson 06: batch norm, backprop by hand, the 8x8 digits
    checking                   feedback used by every test cell
    explorers                  the ipywidgets explorers of lessons 04 and 05

Activations are chosen by name everywhere ("relu", "sigmoid", "tanh", "identity", alias
"linear"); the one list of names, with each g and g', is `activations.get_activation`.

Dtypes: float32 and float64 both work, and an array of one dtype in gives that dtype out.
With mixed inputs (a float32 W and a float64 A, say) the layer functions follow numpy's
promotion over everything they are given, cache included: float64 out if any input is
float64. Three things keep a declared dtype instead: a loss's gradient has the prediction's
dtype (a float64 target does not turn a float32 network into float64), a `Linear` object's
W, b, dW, db keep the dtype it was made with, and an optimizer object casts each gradient
to its parameter's dtype.
"""

__version__ = "0.1.0"
