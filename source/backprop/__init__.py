"""backprop: the course's reference implementation of backpropagation in numpy.

Modules follow the order of the lessons; import the one you need, e.g.
``from backprop import layers``. Nothing heavy is imported here.

    autodiff, graphviz         lesson 01: scalar reverse mode and its graphs
    gradcheck, jacobians       lesson 02: finite differences, Jacobians, VJPs
    activations, layers, mlp,
    losses, data               lesson 03: the backprop equations for MLPs
    init, variance             lesson 04: initialization and variance propagation
    optim, schedules, surfaces lesson 05: optimizers
    checking                   feedback used by every test cell
    explorers                  the ipywidgets explorers of lessons 04 and 05
"""

__version__ = "0.1.0"
